// Reads what the App Home shows from the database, and publishes it (views.publish).
import type { InboundTenant } from "../../engine/inbound.js";
import { coachOf } from "./coach-desk.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { homeView, type ClientHome, type HomeModel } from "./home.js";

export async function publishHome(rt: SlackRuntime, req: SlackRequest, tenant: InboundTenant, userId: string): Promise<void> {
  const coach = await coachOf(rt, req, tenant, userId);
  const model: HomeModel = {
    roster: coach ? await rt.coach.rosterText(rt.prisma, rt.catalog, coach.id) : null,
    client: await clientHome(rt, tenant, userId),
  };
  await req.client.views.publish({ user_id: userId, view: homeView(model, rt.catalog) });
}

async function clientHome(rt: SlackRuntime, tenant: InboundTenant, userId: string): Promise<ClientHome | null> {
  const client = await rt.prisma.client.findFirst({
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
  const order = rt.catalog.domains.map((d) => d.key);
  const checkins = client.conversations.map((c) => ({ week: c.period, values: new Map(c.answers.map((a) => [a.questionKey, a.value])) }));
  // Newest first: a goal's last % is from the latest check-in that asked about it.
  const lastPercent = (goalKey: string) => {
    for (const c of checkins) {
      const value = c.values.get(`achievement.${goalKey}`);
      if (typeof value === "number") return value;
    }
    return null;
  };
  const latest = checkins.map((c) => ({ week: c.week, numbers: [...c.values.values()].filter((v): v is number => typeof v === "number") })).find((c) => c.numbers.length > 0);
  return {
    name: client.name,
    stages: [...client.domains]
      .sort((a, b) => order.indexOf(a.domain) - order.indexOf(b.domain))
      .map((d) => ({ domain: d.domain, stage: d.stage, since: d.stageSince })),
    goals: client.goals.map((g) => ({ text: g.text, lastPercent: lastPercent(g.key) })),
    achievement: latest ? { week: latest.week, percent: Math.round(latest.numbers.reduce((x, y) => x + y, 0) / latest.numbers.length) } : null,
  };
}
