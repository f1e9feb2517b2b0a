// The roster: every client of the coach with stage per area, last check-in, the 12-week trend and
// open flags (red flags first by default), the digest's "needs attention", and its CSV.

import { coachFacingName, coachFacingStanding } from "../coach/client-name.js";
import type { Catalog } from "../domain/catalog.js";
import { areaName, flagDetail, flagKindName, stageName } from "../domain/catalog.js";
import type { RosterRow, readTeams } from "../store/dashboard-read.js";
import { toCsv } from "./csv.js";
import { day, type Week } from "./dates.js";
import { type Html, html } from "./html.js";
import { DIRECTION_WORDS, sparkline, type WeeklyTrend, weeklyTrend } from "./trend.js";

const SILENT_AFTER_MS = 8 * 86_400_000;

export interface RosterEntry {
  id: string;
  name: string;
  status: string;
  stages: { area: string; stage: string }[];
  lastCheckInAt: Date | null;
  trend: WeeklyTrend;
  urgentFlags: number;
  otherFlags: number;
  attention: { kind: "urgent" | "attention" | "silent"; text: string; approach?: string }[];
}

export const ROSTER_SORTS = { attention: "Needs attention first", name: "Name", last: "Last check-in", achievement: "Achievement" } as const;
export type RosterSort = keyof typeof ROSTER_SORTS;

export function isRosterSort(value: string | null): value is RosterSort {
  return value !== null && Object.hasOwn(ROSTER_SORTS, value);
}

export function rosterEntries(catalog: Catalog, rows: RosterRow[], weeks: readonly Week[], now: Date, zone: string): RosterEntry[] {
  const order = catalog.domains.map((d) => d.key);
  return rows.map((c) => {
    const name = coachFacingName(catalog, c);
    const silent = c.status === "active" && (!c.lastCheckInAt || now.getTime() - c.lastCheckInAt.getTime() > SILENT_AFTER_MS);
    return {
      id: c.id,
      name,
      status: coachFacingStanding(catalog, c),
      stages: [...c.domains]
        .sort((a, b) => order.indexOf(a.domain) - order.indexOf(b.domain))
        .map((d) => ({ area: areaName(catalog, d.domain), stage: stageName(catalog, d.stage) })),
      lastCheckInAt: c.lastCheckInAt,
      trend: weeklyTrend(c.conversations, weeks),
      urgentFlags: c.flags.filter((f) => f.severity === "urgent").length,
      otherFlags: c.flags.filter((f) => f.severity !== "urgent").length,
      attention: [
        ...c.flags
          .filter((f) => f.severity === "urgent")
          .map((f) => ({ kind: "urgent" as const, text: `${flagKindName(catalog, f.kind)}: ${flagDetail(catalog, f)}` })),
        ...c.flags
          .filter((f) => f.severity === "attention")
          .map((f) => ({ kind: "attention" as const, text: flagDetail(catalog, f), ...(f.suggestedApproach ? { approach: f.suggestedApproach } : {}) })),
        ...(silent ? [{ kind: "silent" as const, text: c.lastCheckInAt ? `no check-in since ${day(c.lastCheckInAt, zone)}` : "no check-in yet" }] : []),
      ],
    };
  });
}

export function sortRoster(entries: RosterEntry[], sort: RosterSort): RosterEntry[] {
  const byName = (a: RosterEntry, b: RosterEntry) => a.name.localeCompare(b.name);
  const rank = (e: RosterEntry) => (e.urgentFlags > 0 ? 0 : e.otherFlags > 0 ? 1 : e.attention.length > 0 ? 2 : 3);
  const compare: Record<RosterSort, (a: RosterEntry, b: RosterEntry) => number> = {
    attention: (a, b) => rank(a) - rank(b) || byName(a, b),
    name: byName,
    // Longest silence first: that is who to look at.
    last: (a, b) => (a.lastCheckInAt?.getTime() ?? 0) - (b.lastCheckInAt?.getTime() ?? 0) || byName(a, b),
    // Lowest first; no result yet sorts first too.
    achievement: (a, b) => (a.trend.recentAverage ?? -1) - (b.trend.recentAverage ?? -1) || byName(a, b),
  };
  return [...entries].sort(compare[sort]);
}

function sortHeader(label: string, sort: RosterSort, current: RosterSort): Html {
  return html`<th scope="col"${sort === current ? html` aria-sort="${sort === "achievement" || sort === "last" ? "ascending" : "other"}"` : ""}><a href="/dashboard?sort=${sort}">${label}</a></th>`;
}

export function rosterBody(entries: RosterEntry[], sort: RosterSort, weeks: readonly Week[], zone: string, teams: Awaited<ReturnType<typeof readTeams>>): Html {
  const needing = entries.filter((e) => e.attention.length > 0);
  const sorted = sortRoster(entries, sort);
  return html`
<section class="panel" aria-labelledby="attention">
<h2 id="attention">Needs attention</h2>
${needing.length === 0 ? html`<p>Nobody right now: no open flags and everyone checked in lately.</p>` : html`<ul>${sortRoster(needing, "attention").map((e) => html`<li><a href="/dashboard/clients/${e.id}">${e.name}</a><ul>${e.attention.map((a) => html`<li><span class="${a.kind === "urgent" ? "urgent" : "attention"}">${a.kind === "urgent" ? "Red flag" : a.kind === "silent" ? "Silent" : "Attention"}:</span> ${a.text}${a.approach ? html` <span class="muted">Suggested: ${a.approach}</span>` : ""}</li>`)}</ul></li>`)}</ul>`}
</section>
<h2 id="clients">Clients (${entries.length})</h2>
<p class="downloads"><a href="/dashboard/roster.csv" download>Download the roster (CSV)</a> <span class="muted">Sorted by: ${ROSTER_SORTS[sort]}.</span></p>
${
  entries.length === 0
    ? html`<p>No clients yet. Enroll one from the chat with /coach enroll.</p>`
    : html`
<table aria-labelledby="clients">
<thead><tr>
${sortHeader("Client", "name", sort)}
<th scope="col">Stage per area</th>
${sortHeader("Last check-in", "last", sort)}
${sortHeader("Achievement, 12 weeks", "achievement", sort)}
${sortHeader("Open flags", "attention", sort)}
</tr></thead>
<tbody>
${sorted.map(
  (e) => html`<tr>
<th scope="row"><a href="/dashboard/clients/${e.id}">${e.name}</a><br><span class="muted">${e.status}</span></th>
<td>${e.stages.length ? html`<ul>${e.stages.map((s) => html`<li>${s.area}: ${s.stage}</li>`)}</ul>` : html`<span class="muted">not staged yet</span>`}</td>
<td>${e.lastCheckInAt ? day(e.lastCheckInAt, zone) : html`<span class="muted">none yet</span>`}</td>
<td>${sparkline(e.trend, weeks)} ${e.trend.recentAverage === null ? html`<span class="muted">no results yet</span>` : `${e.trend.recentAverage}%, ${DIRECTION_WORDS[e.trend.direction]}`}</td>
<td>${e.urgentFlags ? html`<span class="urgent">${e.urgentFlags} red</span> ` : ""}${e.otherFlags ? `${e.otherFlags} other` : ""}${e.urgentFlags + e.otherFlags === 0 ? html`<span class="muted">none</span>` : ""}</td>
</tr>`,
)}
</tbody>
</table>`
}
<h2 id="teams">Teams</h2>
${teams.length === 0 ? html`<p>No team channels linked.</p>` : html`<ul>${teams.map((t) => html`<li><a href="/dashboard/teams/${t.id}">${t.name}</a> <span class="muted">(${t._count.members} members)</span></li>`)}</ul>`}
`;
}

export function rosterCsv(catalog: Catalog, entries: RosterEntry[], weeks: readonly Week[], zone: string): string {
  const areas = catalog.domains.map((d) => d.label);
  const header = [
    "Client",
    "Status",
    ...areas.map((a) => `Stage: ${a}`),
    "Last check-in",
    "Average achievement (last 4 results)",
    "Trend",
    "Open red flags",
    "Other open flags",
    ...weeks.map((w) => `Week of ${w.label}`),
  ];
  const rows = sortRoster(entries, "name").map((e) => [
    e.name,
    e.status,
    ...areas.map((a) => e.stages.find((s) => s.area === a)?.stage ?? ""),
    e.lastCheckInAt ? day(e.lastCheckInAt, zone) : "",
    e.trend.recentAverage,
    e.trend.recentAverage === null ? "" : DIRECTION_WORDS[e.trend.direction],
    e.urgentFlags,
    e.otherFlags,
    ...e.trend.points,
  ]);
  return toCsv(header, rows);
}
