// One client's page: the 12-week chart (with its table), stage timeline per area, goals, check-ins
// with their answers, sessions with the coach's notes, and flags with what happened to them.
import { renderAchievementChart } from "../coach/chart.js";
import { coachFacingStanding, goalStatusWords } from "../coach/client-name.js";
import { isoWeek as weekCode } from "../domain/calendar.js";
import { areaName, type Catalog, flagDetail, flagKindName, stageName } from "../domain/catalog.js";
import { fillTemplate, findStep } from "../domain/script.js";
import type { SessionPhase } from "../domain/session-plan.js";
import type { ClientRecord } from "../store/dashboard-read.js";
import { toCsv } from "./csv.js";
import { day, dayAndTime, type Week, weekLabel, withWeekDates } from "./dates.js";
import { type Html, html } from "./html.js";
import { weeklyTrend } from "./trend.js";

export const CHART_TITLE = "Weekly achievement, last 12 weeks";

function nameOf(client: ClientRecord): string {
  return client.name ?? client.platformUserId;
}

/**
 * Stage changes inside the chart's weeks (not the first staging), one mark per week, e.g.
 * "Exercise: taking action" at the week's label.
 */
function stageMarks(catalog: Catalog, client: ClientRecord, weeks: readonly Week[]) {
  const labels = new Map<string, string[]>();
  for (const t of client.stageTransitions) {
    const week = weeks.find((w) => w.code === weekCode(t.occurredAt));
    if (!week || t.fromStage === null || t.fromStage === t.toStage) continue;
    labels.set(week.label, [...(labels.get(week.label) ?? []), `${areaName(catalog, t.domain)}: ${stageName(catalog, t.toStage)}`]);
  }
  return [...labels].map(([week, changes]) => ({ week, label: changes.join(", ") }));
}

export function clientChartPng(catalog: Catalog, client: ClientRecord, weeks: readonly Week[]): Buffer {
  const trend = weeklyTrend([...client.conversations].reverse(), weeks);
  return renderAchievementChart(
    CHART_TITLE,
    weeks.map((w) => w.label),
    [{ label: nameOf(client), points: trend.points }],
    stageMarks(catalog, client, weeks),
    { gaps: true },
  );
}

/** The question as the client saw it, e.g. 'Roughly how much of "walk at lunch" did you achieve...'. */
function questionText(catalog: Catalog, client: ClientRecord, questionKey: string): string {
  const [base, item] = questionKey.split(".") as [string, string | undefined];
  const step = findStep(catalog.scripts.checkin, base);
  if (!step) return questionKey.replace(/_/g, " ");
  const goal = item ? client.goals.find((g) => g.key === item)?.text : undefined;
  const domain = item && !goal ? areaName(catalog, item) : client.domains.length === 1 ? areaName(catalog, client.domains[0]!.domain) : "the area";
  return fillTemplate(step.ask, { name: nameOf(client), goal: goal ?? "a goal", domain });
}

function answerText(catalog: Catalog, questionKey: string, value: unknown): string {
  const step = findStep(catalog.scripts.checkin, questionKey.split(".")[0]!);
  if (step?.input.kind === "choice") return step.input.options.find((o) => o.value === value)?.label ?? String(value);
  if (step?.input.kind === "percent") return `${String(value)}%`;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function flagHandling(f: ClientRecord["flags"][number], zone: string): string {
  const steps = [f.coachNotifiedAt ? `you were alerted ${dayAndTime(f.coachNotifiedAt, zone)}` : "listed in your digest"];
  steps.push(f.resolvedAt ? `resolved ${dayAndTime(f.resolvedAt, zone)}` : "still open");
  return steps.join("; ");
}

export function clientBody(catalog: Catalog, client: ClientRecord, weeks: readonly Week[], zone: string): Html {
  const trend = weeklyTrend([...client.conversations].reverse(), weeks);
  const order = catalog.domains.map((d) => d.key);
  const areas = [...new Set([...client.domains.map((d) => d.domain), ...client.stageTransitions.map((t) => t.domain)])].sort(
    (a, b) => order.indexOf(a) - order.indexOf(b),
  );
  const phases = catalog.session.phases as Record<string, { label: string }>;
  const described = weeks.map((w, i) => `${w.label}: ${trend.points[i] === null ? "no check-in" : `${trend.points[i]}%`}`).join(", ");
  return html`
<p class="muted">${coachFacingStanding(catalog, client)} · enrolled ${day(client.enrolledAt, zone)} · their time zone ${client.timezone}</p>
<p class="downloads"><a href="/dashboard/clients/${client.id}/checkins.csv" download>Download check-ins (CSV)</a> <a href="/dashboard">Back to the roster</a></p>

<h2 id="chart">Achievement over 12 weeks</h2>
<img class="chart" src="/dashboard/clients/${client.id}/chart.png" width="900" height="420" alt="${`Line chart of weekly achievement. ${described}.`}">
<details><summary>The chart as a table</summary>
<table><thead><tr><th scope="col">Week of</th><th scope="col" class="number">Achievement</th></tr></thead>
<tbody>${weeks.map((w, i) => html`<tr><th scope="row">${w.label}</th><td class="number">${trend.points[i] === null ? html`<span class="muted">no check-in</span>` : `${trend.points[i]}%`}</td></tr>`)}</tbody></table>
</details>

<h2 id="stages">Stages of change</h2>
${
  areas.length === 0
    ? html`<p>Not staged yet.</p>`
    : areas.map((area) => {
        const current = client.domains.find((d) => d.domain === area);
        return html`<h3>${areaName(catalog, area)}${current ? html`: <span>${stageName(catalog, current.stage)}</span>` : ""}</h3>
<ol class="timeline">${client.stageTransitions.filter((t) => t.domain === area).map((t) => html`<li><time datetime="${t.occurredAt.toISOString()}">${day(t.occurredAt, zone)}</time>: ${t.fromStage ? (t.fromStage === t.toStage ? `stayed at ${stageName(catalog, t.toStage)}` : `${stageName(catalog, t.fromStage)} → ${stageName(catalog, t.toStage)}`) : `started at ${stageName(catalog, t.toStage)}`} <span class="muted">(${withWeekDates(t.reason.replace(/_/g, " "))})</span></li>`)}</ol>`;
      })
}

<h2 id="goals">Goals</h2>
${
  client.goals.length === 0
    ? html`<p>No goals yet.</p>`
    : html`<table><thead><tr><th scope="col">Goal</th><th scope="col">Kind</th><th scope="col">Area</th><th scope="col">Status</th><th scope="col">Set</th></tr></thead><tbody>
${client.goals.map((g) => html`<tr><td>${g.text}</td><td>${g.kind.replace(/_/g, " ")}</td><td>${g.domain ? areaName(catalog, g.domain) : ""}</td><td>${goalStatusWords(catalog, g.status)}</td><td>${day(g.createdAt, zone)}</td></tr>`)}
</tbody></table>`
}

<h2 id="checkins">Check-ins (${client.conversations.length})</h2>
${
  client.conversations.length === 0
    ? html`<p>No check-ins yet.</p>`
    : client.conversations.map(
        (c) => html`<h3>${day(c.closedAt ?? c.openedAt, zone)} <span class="muted">(${weekLabel(c.period)})</span></h3>
<dl class="answers">${c.answers.map((a) => html`<dt>${questionText(catalog, client, a.questionKey)}</dt><dd>${answerText(catalog, a.questionKey, a.value)}</dd>`)}</dl>`,
      )
}

<h2 id="sessions">Sessions</h2>
${
  client.sessions.length === 0
    ? html`<p>No sessions yet.</p>`
    : client.sessions.map((s) => {
        const byPhase = (s.notes ?? {}) as Record<string, string[]>;
        const notes = [...Object.keys(phases), ...Object.keys(byPhase).filter((p) => !(p in phases))].flatMap((p) =>
          Array.isArray(byPhase[p]) && byPhase[p].length ? [[p, byPhase[p].map(String)] as const] : [],
        );
        return html`<h3>${dayAndTime(s.startedAt, zone)}, ${s.lengthMinutes} minutes${s.endedAt ? "" : " (still running)"}</h3>
${s.summary ? html`<p>${s.summary}</p>` : ""}
${s.ranByAnotherCoach ? html`<p class="muted">Run by another coach: their notes stay with them.</p>` : notes.length === 0 ? html`<p class="muted">No notes.</p>` : html`<dl class="answers">${notes.map(([phase, lines]) => html`<dt>${phases[phase as SessionPhase]?.label ?? phase}</dt><dd>${lines.map((l) => html`<p>${l}</p>`)}</dd>`)}</dl>`}`;
      })
}

<h2 id="flags">Flags</h2>
${
  client.flags.length === 0
    ? html`<p>No flags.</p>`
    : html`<table><thead><tr><th scope="col">Raised</th><th scope="col">Severity</th><th scope="col">What</th><th scope="col">Suggested approach</th><th scope="col">What happened</th></tr></thead><tbody>
${[...client.flags].sort((a, b) => Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null)).map((f) => html`<tr><td>${dayAndTime(f.raisedAt, zone)}</td><td class="${f.severity === "urgent" ? "urgent" : f.severity === "attention" ? "attention" : ""}">${f.severity}</td><td>${flagKindName(catalog, f.kind)}: ${flagDetail(catalog, f)}</td><td>${f.suggestedApproach ?? ""}</td><td>${flagHandling(f, zone)}</td></tr>`)}
</tbody></table>`
}
`;
}

export function clientName(client: ClientRecord): string {
  return nameOf(client);
}

export function checkInsCsv(catalog: Catalog, client: ClientRecord, zone: string): string {
  const rows = [...client.conversations]
    .reverse()
    .flatMap((c) =>
      c.answers.map((a) => [
        day(c.closedAt ?? c.openedAt, zone),
        weekLabel(c.period),
        questionText(catalog, client, a.questionKey),
        answerText(catalog, a.questionKey, a.value),
      ]),
    );
  return toCsv(["Date", "Week", "Question", "Answer"], rows);
}
