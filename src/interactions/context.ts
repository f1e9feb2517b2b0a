// What every command handler gets: the services below this layer, the interaction, the
// platform's voice, and (for coach commands) the coach the access strategy found.
import type { Clock } from "../clock.js";
import type { CoachDesk } from "../coach/desk.js";
import type { Catalog } from "../domain/catalog.js";
import type { CoachingEngine } from "../engine/engine.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";
import type { TeamDeps } from "../teams/index.js";
import type { AdapterStore } from "./adapter-store.js";
import type { Args } from "./options.js";
import type { AccessStrategy, CoachIdentity, InteractionHeader, PlatformVoice, Reply } from "./types.js";

export interface InteractionDeps {
  prisma: PrismaClient;
  engine: CoachingEngine;
  catalog: Catalog;
  clock: Clock;
  log: Logger;
  desk: CoachDesk;
  teams: TeamDeps;
  /** A one-time sign-in link to the web dashboard for this coach (unset: no dashboard here). */
  dashboardLink?: (coach: { tenantId: string; coachId: string }) => Promise<string>;
  /** Runs the outbox sender (its own guard keeps runs from overlapping). */
  deliver(): Promise<void>;
  /** What the platform adapters read and write, bound: they never hold `prisma` (see adapter-store.ts). */
  store: AdapterStore;
}

export interface HandlerContext {
  deps: InteractionDeps;
  interaction: InteractionHeader;
  voice: PlatformVoice;
  access: AccessStrategy;
  /** Set for coach commands: the access strategy has found the coach. */
  coach: CoachIdentity | null;
}

export type CoachHandler = (ctx: HandlerContext & { coach: CoachIdentity }, args: Args) => Promise<Reply>;
export type AnyoneHandler = (ctx: HandlerContext, args: Args) => Promise<Reply>;
