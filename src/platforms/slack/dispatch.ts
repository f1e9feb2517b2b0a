// The one path every translated Slack request takes: engine, then deliver what it queued.
// Failures end in a log line and a short apology in the DM, never in a crash; what the client
// already answered is in the database, so they can simply carry on.
import type { webApi } from "@slack/bolt";
import type { Catalog } from "../../domain/catalog.js";
import type { CoachingEngine } from "../../engine/engine.js";
import type { Inbound } from "../../engine/inbound.js";
import { retriedByInbox } from "../../engine/inbox.js";
import type { InteractionDeps } from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import { shownName } from "./installations.js";
import type { BotIdentity } from "./translate.js";
import type { BackgroundWork } from "./work.js";

export const APOLOGY = "Sorry, something went wrong on my side. Please try that again in a moment.";

/** What the Slack listeners share: built once in startSlack. Holds no conversation state. */
export interface SlackRuntime {
  engine: CoachingEngine;
  catalog: Catalog;
  /** The command registry's services (coach commands, personal data). */
  interactions: InteractionDeps;
  /** Whether COACH_USER_IDS makes this person a coach of this workspace (registered on first use). */
  isListedCoach(teamId: string, userId: string): boolean;
  log: Logger;
  work: BackgroundWork;
  /** Runs the outbox sender (whose own guard keeps runs from overlapping). */
  deliver: () => Promise<void>;
}

/** One request's workspace: the Web API client authorized for it, and the bot's identity there. */
export interface SlackRequest {
  client: webApi.WebClient;
  identity: BotIdentity;
}

export async function dispatch(rt: SlackRuntime, req: SlackRequest, inbound: Inbound): Promise<void> {
  try {
    const userId = inbound.user.platformUserId;
    // users.info gives the person's time zone and the name the workspace shows; the engine asks only for someone new.
    const profile = async () => {
      const { user } = await req.client.users.info({ user: userId });
      return { timezone: user?.tz, displayName: shownName(user) };
    };
    const result = await rt.engine.handle({ ...inbound, user: { ...inbound.user, profile } });
    rt.log.debug("slack inbound handled", { eventId: inbound.eventId, status: result.status, messagesQueued: result.messagesQueued });
  } catch (error) {
    // A passing database problem while replaying from the inbox: it is tried again from there.
    if (retriedByInbox(error)) {
      rt.log.warn("slack inbound postponed: the database is unavailable; it stays in the inbox", { eventId: inbound.eventId, error });
      return;
    }
    rt.log.error("slack inbound could not be handled", { eventId: inbound.eventId, kind: inbound.kind, error });
    await req.client.chat
      .postMessage({ channel: inbound.user.platformUserId, text: APOLOGY })
      .catch((postError: unknown) => rt.log.warn("slack apology could not be sent", { error: postError }));
  }
  // Replies go out right away; anything that fails here stays in the outbox for a later run.
  await rt.deliver().catch((error: unknown) => rt.log.error("slack outbox delivery failed", { error }));
}
