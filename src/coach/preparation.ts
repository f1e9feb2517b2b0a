// The preparation view a coach reads before a session: stages, recent check-ins, the
// achievement trend, open flags (red flags first) and the client's goals.
import type { Catalog } from "../domain/catalog.js";
import { findDomain, flagDetail, flagKindName } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import { migrated, type PersistedClientSnapshot } from "../machines/snapshot.js";
import type { PrismaClient } from "../store/database.js";

const SEVERITY_ORDER = ["urgent", "attention", "info"];

export async function preparationView(prisma: PrismaClient, catalog: Catalog, clientId: string): Promise<string> {
  const client = await prisma.client.findUniqueOrThrow({
    where: { id: clientId },
    include: {
      domains: true,
      goals: { where: { status: "active", kind: { not: "three_month" } }, orderBy: { createdAt: "asc" } },
      flags: { where: { resolvedAt: null }, orderBy: { raisedAt: "desc" } },
      conversations: {
        where: { script: "checkin", status: "closed" },
        orderBy: { closedAt: "desc" },
        take: 8,
        include: { answers: { where: { OR: [{ questionKey: { startsWith: "achievement." } }, { questionKey: "domain_achievement" }] } } },
      },
    },
  });
  const p = catalog.session.preparation;
  // Through the snapshot migrations, as the engine reads it: a snapshot of an older machine
  // version is read as this version would hold it.
  const stored = await prisma.actorSnapshot.findUnique({ where: { clientId } });
  const focusDomain = stored ? migrated(catalog, stored.machineVersion, stored.snapshot as unknown as PersistedClientSnapshot).context.focusDomain : null;
  const order = catalog.domains.map((d) => d.key);
  const domains = [...client.domains].sort((a, b) => order.indexOf(a.domain) - order.indexOf(b.domain));

  const lines = [fillTemplate(p.header, { name: client.name ?? "your client" }), "", p.stages];
  for (const d of domains) {
    lines.push(
      fillTemplate(p.stageLine, {
        domain: findDomain(catalog, d.domain)?.label ?? d.domain,
        stage: d.stage,
        since: d.stageSince.toISOString().slice(0, 10),
        focus: d.domain === focusDomain ? p.focusMark : "",
      }),
    );
  }

  lines.push("", p.checkins);
  const recent = client.conversations.slice(0, 3);
  if (recent.length === 0) lines.push(p.noCheckins);
  for (const c of recent) {
    lines.push(fillTemplate(p.checkinLine, { date: (c.closedAt ?? c.openedAt).toISOString().slice(0, 10), summary: (c.summary ?? "").replace(/\n/g, "; ") }));
  }

  const weekly = [...client.conversations].reverse().flatMap((c) => {
    const values = c.answers.map((a) => a.value).filter((v): v is number => typeof v === "number");
    return values.length ? [{ week: c.period, percent: Math.round(values.reduce((x, y) => x + y, 0) / values.length) }] : [];
  });
  lines.push("", weekly.length ? fillTemplate(p.trend, { trend: describeTrend(weekly) }) : p.noTrend);

  lines.push("", p.flags);
  const flags = [...client.flags].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
  if (flags.length === 0) lines.push(p.noFlags);
  for (const f of flags) {
    lines.push(fillTemplate(p.flagLine, { severity: f.severity, kind: flagKindName(catalog, f.kind), detail: flagDetail(catalog, f) }));
    if (f.suggestedApproach) lines.push(fillTemplate(p.flagApproach, { approach: f.suggestedApproach }));
  }

  lines.push("", p.goals);
  if (client.goals.length === 0) lines.push(p.noGoals);
  for (const g of client.goals) lines.push(fillTemplate(p.goalLine, { goal: g.text }));
  return lines.join("\n");
}

/** "2026-W46 40% -> 2026-W47 55% (rising)": the direction compares the last week with the first. */
export function describeTrend(weeks: { week: string; percent: number }[]): string {
  const path = weeks.map((w) => `${w.week} ${w.percent}%`).join(" -> ");
  if (weeks.length < 2) return path;
  const change = weeks.at(-1)!.percent - weeks[0]!.percent;
  const direction = change >= 10 ? "rising" : change <= -10 ? "falling" : "steady";
  return `${path} (${direction})`;
}
