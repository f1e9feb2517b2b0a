// Bolt listeners: translate and hand the work to the engine. What a person sent was stored and
// acknowledged before Bolt saw it (inbox.ts) and reaches these listeners replayed from the inbox,
// where `ack` does nothing; it answers Slack only for requests Bolt gets directly. One catch-all
// listener per payload kind, so an unknown action or view is still acknowledged and logged.
import { type App, type Context, ErrorCode, type InstallationStore, type webApi } from "@slack/bolt";
import { handleAnswerForm, handleBlockAction } from "./answers.js";
import { handleDirectMessage, handleSlashCommand } from "./commands.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { publishHome } from "./home-data.js";
import { commandAcknowledgement } from "./inbox.js";
import { slackTenant } from "./installations.js";
import { handlePrivacyAction, isPrivacyAction, slackPort } from "./interact.js";
import { readAnswerForm } from "./modal.js";
import { isTeamAnswerAction, openTeamForm, submitTeamForm } from "./team-answers.js";
import { readTeamForm } from "./team-render.js";
import { type BotIdentity, type MessageEnvelope, translateMessage } from "./translate.js";

export interface ListenerOptions {
  /** The bot's identity in one workspace (single bot token); unset: each request's own, from authorize. */
  identity?: BotIdentity;
  /** Installs through OAuth: uninstalls and revoked tokens remove the workspace's installation. */
  installations?: InstallationStore;
}

export function registerListeners(app: App, rt: SlackRuntime, options: ListenerOptions = {}): void {
  const { log, work } = rt;

  /** The workspace a request belongs to; null when authorize gave us no bot (logged). */
  const requestOf = ({ client, context }: { client: webApi.WebClient; context: Context }): SlackRequest | null => {
    if (options.identity) return { client, identity: options.identity };
    const { botUserId, botId, teamId } = context;
    if (!botUserId || !botId || !teamId) {
      log.warn("slack request without a bot identity ignored", { teamId });
      return null;
    }
    // The tenant was named at install time; its name is never overwritten afterwards.
    return { client, identity: { botUserId, botId, teamId, teamName: teamId } };
  };

  // Events are acknowledged by Bolt before listeners run; redeliveries (x-slack-retry-num) reach
  // the engine with the same event id and are applied once there.
  app.event("message", async (args) => {
    const req = requestOf(args);
    if (!req) return;
    const verdict = translateMessage(args.body as unknown as MessageEnvelope, req.identity);
    if ("ignored" in verdict) {
      log.debug("slack message ignored", { reason: verdict.ignored, eventId: (args.body as { event_id?: string }).event_id });
      return;
    }
    const { inbound } = verdict;
    await work.track("direct message", async () => {
      // A DM is a first use too: someone in COACH_USER_IDS is a coach from then on.
      if (rt.isListedCoach(inbound.tenant.externalId, inbound.user.platformUserId))
        await slackPort(rt, req).access.coach(inbound.tenant, inbound.user, "message");
      await handleDirectMessage(rt, req, inbound);
    });
  });

  app.event("app_home_opened", async (args) => {
    const req = requestOf(args);
    // The Messages tab opens this event too; only the Home tab has something to show.
    if (!req || args.event.tab !== "home") return;
    const tenant = slackTenant(req.identity.teamId, req.identity.teamName);
    await work.track("app home", () => publishHome(rt, req, tenant, args.event.user));
  });

  // Bolt delivers these two without authorizing them: the workspace's token is already gone.
  app.event("app_uninstalled", async ({ body }) => {
    log.warn("slack app was uninstalled from a workspace", { teamId: body.team_id });
    const store = options.installations;
    if (store?.deleteInstallation)
      await work.track("uninstall", () => store.deleteInstallation!({ teamId: body.team_id, enterpriseId: undefined, isEnterpriseInstall: false }));
  });
  app.event("tokens_revoked", async ({ body, event }) => {
    log.warn("slack tokens were revoked", { teamId: body.team_id, bots: event.tokens.bot?.length ?? 0 });
    const store = options.installations;
    // Only a revoked bot token ends the installation; user tokens are not used.
    if (store?.deleteInstallation && (event.tokens.bot?.length ?? 0) > 0) {
      await work.track("revoked tokens", () => store.deleteInstallation!({ teamId: body.team_id, enterpriseId: undefined, isEnterpriseInstall: false }));
    }
  });

  // Any command name: operators may rename /coach in the manifest (e.g. /coach-dev).
  app.command(/.*/, async (args) => {
    const { ack, command } = args;
    // Already acknowledged when the command was stored (inbox.ts); a no-op then.
    await ack(commandAcknowledgement(command));
    const req = requestOf(args);
    if (req) await work.track("slash command", () => handleSlashCommand(rt, req, command));
  });

  app.action({ type: "block_actions" }, async (args) => {
    const { ack, body, action } = args;
    await ack();
    const req = requestOf(args);
    if (!req) return;
    if (isPrivacyAction(action.action_id)) await work.track("data deletion answer", () => handlePrivacyAction(rt, req, body, action));
    else if (isTeamAnswerAction(action.action_id)) await work.track("team form", () => openTeamForm(rt, req, body, action));
    else await work.track("block action", () => handleBlockAction(rt, req, body, action));
  });

  app.view({ type: "view_submission" }, async (args) => {
    const { ack, body, view } = args;
    const req = requestOf(args);
    const teamForm = readTeamForm(view);
    if (teamForm && req) {
      // Closes the modal; the answer is saved after, and the member is told in the DM.
      await ack();
      await work.track("team answer", () => submitTeamForm(rt, req, teamForm, { viewId: view.id, userId: body.user.id, teamId: body.team?.id }));
      return;
    }
    const form = readAnswerForm(view);
    if (form.ok && req) {
      await ack();
      await work.track("answer form", () => handleAnswerForm(rt, req, form, view, body.user, body.team?.id));
    } else if (!form.ok && form.errors) {
      // Field errors keep the form open with a hint, so nothing typed is lost.
      await ack({ response_action: "errors", errors: form.errors });
    } else {
      await ack();
      log.warn("slack view submission ignored", { callbackId: view.callback_id, reason: form.ok ? "no bot identity" : form.reason });
    }
  });

  // Last line of defence for anything thrown past the handlers above.
  app.error(async (error) => {
    const code = (error as { code?: string }).code;
    // Slack may still deliver a few events from a workspace that has just uninstalled the app.
    if (code === ErrorCode.AuthorizationError) log.warn("slack request from a workspace without an installation ignored", { error, code });
    else log.error("slack request failed", { error, code });
  });
}
