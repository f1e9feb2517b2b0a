// Weekly achievement per client, from their closed check-ins: the data behind the trend in the
// preparation view, the digest, and the charts.
import type { PrismaClient } from "../store/database.js";

export interface WeeklyResult {
  week: string;
  percent: number;
}

/** Average achievement of each closed check-in since `since`, by client, oldest week first. */
export async function weeklyAchievement(prisma: PrismaClient, clientIds: string[], since: Date): Promise<Map<string, WeeklyResult[]>> {
  const conversations = await prisma.conversation.findMany({
    where: { clientId: { in: clientIds }, script: "checkin", status: "closed", closedAt: { gte: since } },
    orderBy: { closedAt: "asc" },
    select: {
      clientId: true,
      period: true,
      answers: { where: { OR: [{ questionKey: { startsWith: "achievement." } }, { questionKey: "domain_achievement" }] }, select: { value: true } },
    },
  });
  const byClient = new Map<string, WeeklyResult[]>();
  for (const c of conversations) {
    const values = c.answers.map((a) => a.value).filter((v): v is number => typeof v === "number");
    if (values.length === 0) continue;
    const list = byClient.get(c.clientId) ?? [];
    const percent = Math.round(values.reduce((x, y) => x + y, 0) / values.length);
    // Two check-ins in one week (a manual one and a scheduled one): the later one counts.
    const same = list.findIndex((r) => r.week === c.period);
    if (same >= 0) list.splice(same, 1);
    list.push({ week: c.period, percent });
    byClient.set(c.clientId, list);
  }
  return byClient;
}

export type TrendDirection = "up" | "down" | "flat";

/** Compares the last result with the first of the series: 10 points either way is a trend. */
export function trendOf(results: WeeklyResult[]): TrendDirection {
  if (results.length < 2) return "flat";
  const change = results.at(-1)!.percent - results[0]!.percent;
  return change >= 10 ? "up" : change <= -10 ? "down" : "flat";
}
