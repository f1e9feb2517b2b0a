// Read model of a client's own progress page (Slack's App Home today, the dashboard later):
// stages in the catalog's order, active weekly goals with their last %, the latest achievement.
import type { Catalog } from "../domain/catalog.js";
import type { InboundTenant } from "../domain/tenant.js";
import type { PrismaClient } from "./database.js";

export interface ClientHome {
  name: string | null;
  /** In the order to show them (the catalog's domain order). */
  stages: { domain: string; stage: string; since: Date }[];
  goals: { text: string; lastPercent: number | null }[];
  /** The latest check-in with achievement answers: its ISO week and average %. */
  achievement: { week: string; percent: number } | null;
}

export async function clientHome(prisma: PrismaClient, catalog: Catalog, tenant: InboundTenant, userId: string): Promise<ClientHome | null> {
  const client = await prisma.client.findFirst({
    where: { platformUserId: userId, tenant: { platform: tenant.platform, externalId: tenant.externalId } },
    include: {
      domains: true,
      goals: { where: { status: "active", kind: { not: "three_month" } }, orderBy: { createdAt: "asc" } },
      conversations: {
        where: { script: "checkin", status: "closed" },
        orderBy: { closedAt: "desc" },
        take: 8,
        include: { answers: { where: { OR: [{ questionKey: { startsWith: "achievement." } }, { questionKey: "domain_achievement" }] } } },
      },
    },
  });
  if (!client) return null;
  const order = catalog.domains.map((d) => d.key);
  const checkins = client.conversations.map((c) => ({ week: c.period, values: new Map(c.answers.map((a) => [a.questionKey, a.value])) }));
  // Newest first: a goal's last % is from the latest check-in that asked about it.
  const lastPercent = (goalKey: string) => {
    for (const c of checkins) {
      const value = c.values.get(`achievement.${goalKey}`);
      if (typeof value === "number") return value;
    }
    return null;
  };
  const latest = checkins
    .map((c) => ({ week: c.week, numbers: [...c.values.values()].filter((v): v is number => typeof v === "number") }))
    .find((c) => c.numbers.length > 0);
  return {
    name: client.name,
    stages: [...client.domains]
      .sort((a, b) => order.indexOf(a.domain) - order.indexOf(b.domain))
      .map((d) => ({ domain: d.domain, stage: d.stage, since: d.stageSince })),
    goals: client.goals.map((g) => ({ text: g.text, lastPercent: lastPercent(g.key) })),
    achievement: latest ? { week: latest.week, percent: Math.round(latest.numbers.reduce((x, y) => x + y, 0) / latest.numbers.length) } : null,
  };
}
