// The scheduler's dependencies wired as src/core.ts wires them (digests and team check-ins
// included), for tests and the benchmark that run scheduler passes on their own engine and sender.
import type { Clock } from "../../src/clock.js";
import { queueCoachDigest } from "../../src/coach/digest.js";
import { escalateUnacknowledgedFlag } from "../../src/coach/flags.js";
import type { Catalog } from "../../src/domain/catalog.js";
import type { CoachingEngine } from "../../src/engine/engine.js";
import type { Logger } from "../../src/log.js";
import type { OutboxSender } from "../../src/outbox/sender.js";
import { DEFAULT_SCHEDULER_SETTINGS, type SchedulerDeps } from "../../src/scheduler/pass.js";
import type { PrismaClient } from "../../src/store/database.js";
import { postTeamCheckIn, remindTeam, type TeamDeps } from "../../src/teams/index.js";
import { type Harness, onboard } from "./harness.js";

export interface SchedulerParts {
  prisma: PrismaClient;
  engine: CoachingEngine;
  sender: OutboxSender;
  catalog: Catalog;
  clock: Clock;
  log: Logger;
  /** Who gets urgent flags nobody acknowledged within the hour (FLAG_FALLBACK_USER_IDS). */
  fallbackUserIds?: string[];
  /** Team channels by platform; none means team check-ins wait ("no_channel"). */
  teamChannels?: TeamDeps["channels"];
}

export function schedulerDeps(parts: SchedulerParts): SchedulerDeps & { teamDeps: TeamDeps } {
  const { prisma, engine, sender, catalog, clock, log } = parts;
  const teamDeps: TeamDeps = { prisma, catalog, clock, log, channels: parts.teamChannels ?? {}, deliverOutbox: () => sender.deliverDue() };
  return {
    prisma,
    engine,
    sender,
    catalog,
    log,
    settings: DEFAULT_SCHEDULER_SETTINGS,
    sendDigest: (coachId, now, eventId) => queueCoachDigest(prisma, catalog, coachId, now, eventId),
    escalateFlag: (flagId, now) => escalateUnacknowledgedFlag({ prisma, catalog, log, fallbackUserIds: parts.fallbackUserIds ?? [] }, flagId, now),
    teams: {
      post: async (teamId, period) => (await postTeamCheckIn(teamDeps, teamId, period)).status,
      remind: async (teamId, period) => void (await remindTeam(teamDeps, teamId, period)),
    },
    teamDeps,
  };
}

/** A console client created with their own schedule, then onboarded on Tuesday 24 November 2026. Returns their workspace. */
export async function scheduledClient(
  h: Harness,
  user: string,
  schedule: { timezone?: string; checkinWeekday?: number; checkinTime?: string; quietStart?: string; quietEnd?: string } = {},
) {
  const tenant = await h.db.prisma.tenant.upsert({
    where: { platform_externalId: { platform: "console", externalId: "local" } },
    create: { platform: "console", externalId: "local", name: "Console" },
    update: {},
  });
  await h.db.prisma.client.create({ data: { tenantId: tenant.id, platformUserId: user, ...schedule } });
  h.clock.set("2026-11-24T09:00:00Z");
  await onboard(h, user);
  return tenant;
}
