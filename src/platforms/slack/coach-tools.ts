// The coaching services the Slack adapter calls for coach commands, data export and deletion,
// and installations. They live in src/coach/ (a layer above the adapters), so the composition
// root hands them in: `{ ...roster, ...privacy, desk }` in main.ts.
import type { Catalog } from "../../domain/catalog.js";
import type { CoachingEngine } from "../../engine/engine.js";
import type { InboundTenant } from "../../engine/inbound.js";
import type { PrismaClient } from "../../store/database.js";

export interface CoachRecord {
  id: string;
  tenantId: string;
  platformUserId: string;
}

export interface CoachTools {
  ensureTenant(prisma: PrismaClient, tenant: InboundTenant): Promise<{ id: string }>;
  /** Registers a coach of the tenant (idempotent). */
  ensureCoach(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string, name: string): Promise<CoachRecord>;
  findCoach(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string): Promise<CoachRecord | null>;
  /** Creates the client (and greets them through the machine) or moves an existing one to the coach. */
  enrollClient(
    deps: { prisma: PrismaClient; engine: CoachingEngine },
    coach: { id: string; tenantId: string },
    person: { platformUserId: string; name?: string },
    eventId: string,
  ): Promise<{ clientId: string; isNew: boolean }>;
  rosterText(prisma: PrismaClient, catalog: Catalog, coachId: string): Promise<string>;
  /** Queues the coach's digest (text and chart) now; `eventId` makes a redelivery queue nothing. */
  queueDigestNow(coachId: string, eventId: string): Promise<void>;
  exportClientData(prisma: PrismaClient, clientId: string): Promise<Record<string, unknown>>;
  deleteClientData(prisma: PrismaClient, clientId: string): Promise<void>;
  /** prep, session start [min], next, note <text>, goal <text>, end: for one client. */
  desk: { run(command: { eventId: string; clientId: string; words: string[] }): Promise<string[]> };
}
