// What the team service needs from a chat platform: a way to post the week's team check-in in
// the team's channel and to refresh what that post shows. Each adapter provides one
// (src/platforms/discord/team-channel.ts, src/platforms/slack/team-channel.ts); the service holds no platform code.
import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import type { TeamAggregate } from "../domain/team-aggregate.js";
import type { Platform } from "../engine/inbound.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";

/** The platform-neutral description of one team check-in post, as the channel should show it. */
export interface TeamCheckInPost {
  checkInId: string;
  teamId: string;
  teamName: string;
  /** The platform's channel id the team is linked to. */
  channelId: string;
  /** The tenant's external id (Slack workspace, Discord server): which installation posts. */
  workspace: string;
  /** The week, e.g. "2026-W48". */
  period: string;
  /** What the channel may see so far (answered: 0 before anyone answered). */
  aggregate: TeamAggregate;
}

export interface TeamChannel {
  /** Posts the check-in (with its "answer privately" control); returns the platform's message id. */
  post(post: TeamCheckInPost): Promise<{ messageId: string }>;
  /**
   * Shows the current aggregate on the posted message `messageId`. Returns the message id that
   * now carries it (a new one when the old message was deleted and had to be posted again).
   */
  update(post: TeamCheckInPost, messageId: string): Promise<{ messageId: string }>;
  /** Posts a plain note in a channel of `workspace` (the link announcement); TeamChannelUnreachableError when it cannot. */
  announce(channelId: string, text: string, workspace: string): Promise<void>;
}

/**
 * Thrown by a TeamChannel when posting cannot work until someone fixes it (channel deleted,
 * the bot lost access): the team is marked unreachable and its coach is told.
 */
export class TeamChannelUnreachableError extends Error {
  constructor(
    message: string,
    /** Short and stable, e.g. the platform's error code: shown to the coach. */
    readonly reason: string,
  ) {
    super(message);
    this.name = "TeamChannelUnreachableError";
  }
}

export interface TeamDeps {
  prisma: PrismaClient;
  /** The wording of the reminder DM and of the note to the coach (flows/messages.yaml). */
  catalog: Catalog;
  clock: Clock;
  log: Logger;
  /** Channel posters per platform; a team is served by the one of its tenant's platform. */
  channels: Partial<Record<Platform, TeamChannel>>;
  /**
   * Delivers queued outbox rows (reminder DMs, notes to the coach). Optional: without it the
   * rows wait for the next outbox run.
   */
  deliverOutbox?: () => Promise<unknown>;
}
