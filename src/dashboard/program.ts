// The program overview for a sponsor or operator (and a coach, over their own clients): how many
// clients are at each stage per area, and how many checked in each week. Counts only, and any
// count under MIN_CELL is shown as "fewer than 3", so no cell points at one or two people.
import { areaName, type Catalog, stageName } from "../domain/catalog.js";
import { STAGES } from "../domain/stages.js";
import type { readProgramCounts } from "../store/dashboard-read.js";
import type { Week } from "./dates.js";
import { type Html, html } from "./html.js";

export const MIN_CELL = 3;
const WEEK_MS = 7 * 86_400_000;

/** A count as shown: itself from MIN_CELL up, else the same words for 0, 1 and 2. */
export function cell(count: number): string {
  return count >= MIN_CELL ? String(count) : `fewer than ${MIN_CELL}`;
}

export function programBody(catalog: Catalog, counts: Awaited<ReturnType<typeof readProgramCounts>>, weeks: readonly Week[], scopeText: string): Html {
  const count = (domain: string, stage: string) => counts.stages.find((s) => s.domain === domain && s.stage === stage)?.clients ?? 0;
  const areas = catalog.domains.map((d) => d.key);
  const answered = (code: string) => counts.participants.filter((p) => p === code).length;
  // Enrolled by the end of that week (Monday + 7 days), still in the program today.
  const enrolledBy = (week: Week) => counts.enrolledAt.filter((d) => d.getTime() < week.start.getTime() + WEEK_MS).length;
  return html`
<p>${scopeText} Counts under ${MIN_CELL} are not shown, so nobody can be picked out; no names or answers appear here.</p>
<h2 id="stages">Clients per stage and area</h2>
<table aria-labelledby="stages"><thead><tr><th scope="col">Area</th>${STAGES.map((s) => html`<th scope="col" class="number">${stageName(catalog, s)}</th>`)}</tr></thead>
<tbody>${areas.map((a) => html`<tr><th scope="row">${areaName(catalog, a)}</th>${STAGES.map((s) => html`<td class="number">${cell(count(a, s))}</td>`)}</tr>`)}</tbody></table>
<h2 id="participation">Check-ins per week</h2>
<table aria-labelledby="participation"><thead><tr><th scope="col">Week of</th><th scope="col" class="number">Checked in</th><th scope="col" class="number">Enrolled by then</th></tr></thead>
<tbody>${weeks.map((w) => html`<tr><th scope="row">${w.label}</th><td class="number">${cell(answered(w.code))}</td><td class="number">${cell(enrolledBy(w))}</td></tr>`)}</tbody></table>`;
}
