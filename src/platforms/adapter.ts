// What every chat-platform adapter gives the composition root once started: a deliverer for the
// outbox, a team channel when the platform has channels, and a clean stop. Everything else an
// adapter does (acknowledge, verify, decode ids, render replies, keep installations) stays inside it.
import type { Platform } from "../engine/inbound.js";
import type { Deliverer } from "../outbox/sender.js";
import type { TeamChannel } from "../teams/channel.js";

export interface PlatformAdapter {
  platform: Platform;
  /** Register as `deliverers[platform]` of the OutboxSender. */
  deliverer: Deliverer;
  /** Register as `channels[platform]` of the team service; absent where there are no team channels yet. */
  teamChannel?: TeamChannel;
  /** Resolves once no work started by the platform's events is running. */
  idle(): Promise<void>;
  /** Stops taking events and waits for the ones being handled. */
  stop(): Promise<void>;
}
