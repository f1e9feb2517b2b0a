// Weekly achievement per client, from their closed check-ins: the data behind the trend in the
// preparation view, the digest, and the charts.
import type { PrismaClient } from "../store/database.js";

export interface WeeklyResult {
  week: string;
  percent: number;
}

/** The answers that carry a week's achievement: one per goal, or the area's when there is no goal. */
const ACHIEVEMENT_ANSWERS = { OR: [{ questionKey: { startsWith: "achievement." } }, { questionKey: "domain_achievement" }] };

export function isAchievementAnswer(questionKey: string): boolean {
  return questionKey.startsWith("achievement.") || questionKey === "domain_achievement";
}

/** Average achievement of each closed check-in since `since`, by client, oldest week first. */
export async function weeklyAchievement(prisma: PrismaClient, clientIds: string[], since: Date): Promise<Map<string, WeeklyResult[]>> {
  const conversations = await prisma.conversation.findMany({
    where: { clientId: { in: clientIds }, script: "checkin", status: "closed", closedAt: { gte: since } },
    orderBy: { closedAt: "asc" },
    select: { clientId: true, period: true, answers: { where: ACHIEVEMENT_ANSWERS, select: { questionKey: true, value: true } } },
  });
  const byClient = new Map<string, CheckInAnswers[]>();
  for (const c of conversations) byClient.set(c.clientId, [...(byClient.get(c.clientId) ?? []), c]);
  const results = new Map<string, WeeklyResult[]>();
  for (const [clientId, checkIns] of byClient) {
    const weeks = achievementByWeek(checkIns);
    if (weeks.length > 0) results.set(clientId, weeks);
  }
  return results;
}

export interface CheckInAnswers {
  period: string;
  answers: { questionKey: string; value: unknown }[];
}

/**
 * One result per week from closed check-ins given oldest first: the average of their achievement
 * answers. Two check-ins in one week (a manual one and a scheduled one): the later one counts.
 */
export function achievementByWeek(checkIns: readonly CheckInAnswers[]): WeeklyResult[] {
  const list: WeeklyResult[] = [];
  for (const c of checkIns) {
    const values = c.answers
      .filter((a) => isAchievementAnswer(a.questionKey))
      .map((a) => a.value)
      .filter((v): v is number => typeof v === "number");
    if (values.length === 0) continue;
    const same = list.findIndex((r) => r.week === c.period);
    if (same >= 0) list.splice(same, 1);
    list.push({ week: c.period, percent: Math.round(values.reduce((x, y) => x + y, 0) / values.length) });
  }
  return list;
}

export type TrendDirection = "up" | "down" | "flat";

/** Compares the last result with the first of the series: 10 points either way is a trend. */
export function trendOf(results: WeeklyResult[]): TrendDirection {
  if (results.length < 2) return "flat";
  const change = results.at(-1)!.percent - results[0]!.percent;
  return change >= 10 ? "up" : change <= -10 ? "down" : "flat";
}
