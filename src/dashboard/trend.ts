// A client's weekly achievement laid on the recent weeks: what the roster's sparkline, the client
// page's chart and table, and the roster CSV show. A week without a check-in is a gap (null).
import { achievementByWeek, type CheckInAnswers, type TrendDirection, trendOf } from "../coach/progress.js";
import type { Week } from "./dates.js";
import { type Html, html } from "./html.js";

export interface WeeklyTrend {
  points: (number | null)[];
  /** Average of the last four results (null without any). */
  recentAverage: number | null;
  direction: TrendDirection;
}

export function weeklyTrend(checkIns: readonly CheckInAnswers[], weeks: readonly Week[]): WeeklyTrend {
  const results = achievementByWeek(checkIns);
  const byWeek = new Map(results.map((r) => [r.week, r.percent]));
  const recent = results.slice(-4);
  return {
    points: weeks.map((w) => byWeek.get(w.code) ?? null),
    recentAverage: recent.length ? Math.round(recent.reduce((sum, r) => sum + r.percent, 0) / recent.length) : null,
    direction: trendOf(recent),
  };
}

export const DIRECTION_WORDS: Record<TrendDirection, string> = { up: "rising", down: "falling", flat: "steady" };

/** A small line per week (0-100%), broken where a week has no check-in; described for screen readers. */
export function sparkline(trend: WeeklyTrend, weeks: readonly Week[]): Html {
  const width = 132;
  const height = 30;
  const step = width / Math.max(weeks.length - 1, 1);
  const y = (percent: number) => (height - 3 - (percent / 100) * (height - 6)).toFixed(1);
  const segments: string[][] = [[]];
  trend.points.forEach((p, i) => {
    if (p === null) segments.push([]);
    else segments.at(-1)!.push(`${(i * step).toFixed(1)},${y(p)}`);
  });
  const described = trend.points.map((p, i) => `${weeks[i]!.label}: ${p === null ? "no check-in" : `${p}%`}`).join(", ");
  return html`<svg class="spark" role="img" width="${width}" height="${height}" viewBox="-2 0 ${width + 4} ${height}" aria-label="${`Achievement per week: ${described}`}">
<line x1="0" y1="${height - 1}" x2="${width}" y2="${height - 1}" stroke="#cbd5e0" stroke-width="1"/>
${segments.filter((s) => s.length > 1).map((s) => html`<polyline points="${s.join(" ")}" fill="none" stroke="#2b6cb0" stroke-width="2"/>`)}
${segments.filter((s) => s.length === 1).map((s) => html`<circle cx="${s[0]!.split(",")[0]}" cy="${s[0]!.split(",")[1]}" r="2" fill="#2b6cb0"/>`)}
</svg>`;
}
