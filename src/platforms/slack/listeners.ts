// Bolt listeners: acknowledge at once (Slack gives us 3 seconds), then translate and hand the
// work to the engine in the background. One catch-all listener per payload kind, so an unknown
// action or view is still acknowledged (no Slack error, no 3-second timeout) and logged.
import type { App } from "@slack/bolt";
import { handleAnswerForm, handleBlockAction } from "./answers.js";
import { dispatch, type SlackRuntime } from "./dispatch.js";
import { readAnswerForm } from "./modal.js";
import { translateCommand, translateMessage, type MessageEnvelope } from "./translate.js";

export function registerListeners(app: App, rt: SlackRuntime): void {
  const { log, work } = rt;

  // Events are acknowledged by Bolt before listeners run; redeliveries (x-slack-retry-num) reach
  // the engine with the same event id and are applied once there.
  app.event("message", async ({ body }) => {
    const verdict = translateMessage(body as unknown as MessageEnvelope, rt.identity);
    if ("ignored" in verdict) {
      log.debug("slack message ignored", { reason: verdict.ignored, eventId: (body as { event_id?: string }).event_id });
      return;
    }
    await work.track("direct message", () => dispatch(rt, verdict.inbound));
  });

  // Subscribed in the manifest so operators see them in the log; no coaching follows from them.
  app.event("app_home_opened", async ({ event }) => log.debug("slack app home opened", { user: event.user, tab: event.tab }));
  app.event("app_uninstalled", async ({ body }) => log.warn("slack app was uninstalled from a workspace", { teamId: body.team_id }));
  app.event("tokens_revoked", async ({ body }) => log.warn("slack tokens were revoked", { teamId: body.team_id }));

  // Any command name: operators may rename /coach in the manifest (e.g. /coach-dev).
  app.command(/.*/, async ({ ack, command }) => {
    // In the DM with the bot the replies appear right below; elsewhere, say where they will be.
    await ack(command.channel_name === "directmessage" ? undefined : { response_type: "ephemeral", text: "On it! I'll answer in our direct messages." });
    await work.track("slash command", () => dispatch(rt, translateCommand(command, rt.identity)));
  });

  app.action({ type: "block_actions" }, async ({ ack, body, action }) => {
    await ack();
    await work.track("block action", () => handleBlockAction(rt, body, action));
  });

  app.view({ type: "view_submission" }, async ({ ack, body, view }) => {
    const form = readAnswerForm(view);
    if (form.ok) {
      await ack();
      await work.track("answer form", () => handleAnswerForm(rt, form, view, body.user, body.team?.id));
    } else if (form.errors) {
      // Field errors keep the form open with a hint, so nothing typed is lost.
      await ack({ response_action: "errors", errors: form.errors });
    } else {
      await ack();
      log.warn("slack view submission ignored", { callbackId: view.callback_id, reason: form.reason });
    }
  });

  // Last line of defence for anything thrown past the handlers above.
  app.error(async (error) => {
    log.error("slack request failed", { error, code: (error as { code?: string }).code });
  });
}
