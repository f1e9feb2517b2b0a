// Many onboarded clients at once, for scheduler load tests and benchmarks: the machine's
// onboarded snapshot is computed once (pure) and copied into every client's row.
import { initialTransition, transition } from "xstate";
import type { Catalog } from "../../src/domain/catalog.js";
import { jobDedupeKey } from "../../src/domain/schedule.js";
import { CLIENT_MACHINE_VERSION, createClientMachine } from "../../src/machines/client.machine.js";
import { persistSnapshot } from "../../src/machines/snapshot.js";
import type { PrismaClient } from "../../src/store/database.js";
import { FULL_ONBOARDING } from "./scripts.js";

export function onboardedSnapshot(catalog: Catalog, at: string) {
  const machine = createClientMachine(catalog);
  let [snap] = initialTransition(machine, { at });
  for (const text of FULL_ONBOARDING) {
    const event = text.startsWith("/") ? { type: "COMMAND" as const, at, name: text.slice(1), args: [] } : { type: "MESSAGE" as const, at, text };
    [snap] = transition(machine, snap, event);
  }
  return persistSnapshot(snap);
}

/**
 * Creates `count` active clients in one tenant; the first `due` of them have a check-in job due
 * at `dueAt`, the rest one a week later.
 */
export async function seedClients(
  prisma: PrismaClient,
  catalog: Catalog,
  opts: { count: number; due: number; dueAt: Date; platform?: string; snapshotsForDueOnly?: boolean },
) {
  const tenant = await prisma.tenant.create({
    data: { platform: opts.platform ?? "console", externalId: `bulk-${Date.now()}-${Math.random()}`, name: "Bulk" },
  });
  const snapshot = onboardedSnapshot(catalog, new Date(opts.dueAt.getTime() - 7 * 86_400_000).toISOString());
  const ids: string[] = [];
  for (let start = 0; start < opts.count; start += 5000) {
    const chunk = Array.from({ length: Math.min(5000, opts.count - start) }, (_, i) => `bulk-${start + i}`);
    const clients = chunk.map((userId) => ({ id: crypto.randomUUID(), tenantId: tenant.id, platformUserId: userId, name: userId, status: "active" }));
    await prisma.client.createMany({ data: clients });
    // Benchmarks with 100,000 clients skip snapshots nobody will load, to keep seeding quick.
    const withSnapshot = opts.snapshotsForDueOnly ? clients.filter((_, i) => start + i < opts.due) : clients;
    await prisma.actorSnapshot.createMany({
      data: withSnapshot.map((c) => ({ clientId: c.id, machineVersion: CLIENT_MACHINE_VERSION, version: 1, snapshot: snapshot as never })),
    });
    const jobs = clients.map((c, i) => {
      const dueAt = start + i < opts.due ? opts.dueAt : new Date(opts.dueAt.getTime() + 7 * 86_400_000);
      const job = { kind: "checkin" as const, clientId: c.id, period: `bulk-${dueAt.toISOString().slice(0, 10)}`, dueAt };
      return { ...job, dedupeKey: jobDedupeKey(job) };
    });
    await prisma.scheduledJob.createMany({ data: jobs });
    ids.push(...clients.map((c) => c.id));
  }
  return { tenantId: tenant.id, clientIds: ids };
}

/**
 * `count` bare clients in one new tenant, inserted by the database itself (generate_series), for
 * start-up work at 100,000 clients. Every `withJobEvery`-th one gets a pending weekly check-in;
 * every `closedEvery`-th one has a closed program.
 */
export async function seedBareClients(prisma: PrismaClient, opts: { count: number; withJobEvery: number; closedEvery: number; dueAt: Date }) {
  const tenant = await prisma.tenant.create({ data: { platform: "console", externalId: `bare-${Date.now()}-${Math.random()}`, name: "Bare" } });
  await prisma.$executeRaw`
    INSERT INTO "Client" (id, "tenantId", "platformUserId", name, status, timezone, "checkinWeekday", "checkinTime")
    SELECT gen_random_uuid()::text, ${tenant.id}, 'bare-' || g, 'Client ' || g,
           CASE WHEN g % ${opts.closedEvery} = 0 THEN 'closed' WHEN g % 7 = 0 THEN 'paused' ELSE 'active' END,
           (ARRAY['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])[1 + g % 4], 1 + g % 7, lpad((g % 24)::text, 2, '0') || ':30'
    FROM generate_series(1, ${opts.count}::int) AS g`;
  await prisma.$executeRaw`
    INSERT INTO "ScheduledJob" (id, kind, "clientId", period, "dueAt", "dedupeKey", status)
    SELECT gen_random_uuid()::text, 'checkin', c.id, 'seeded', ${opts.dueAt}, 'checkin:' || c.id || ':seeded', 'pending'
    FROM "Client" c
    WHERE c."tenantId" = ${tenant.id} AND substring(c."platformUserId" from 6)::int % ${opts.withJobEvery} = 0`;
  return { tenantId: tenant.id };
}
