// A team's page: exactly what its channel shows each week, and nothing more. The aggregate comes
// from the same rule the channel post uses (averages from 3 answers, shared answers with them).
import { aggregateStoredAnswers } from "../domain/team-aggregate.js";
import type { TeamRecord } from "../store/dashboard-read.js";
import { weekLabel } from "./dates.js";
import { type Html, html } from "./html.js";

export function teamBody(team: TeamRecord): Html {
  return html`
<p class="muted">${team._count.members} members${team.reachable ? "" : " · the channel cannot be reached: check-ins are paused until it is linked again"}</p>
<p>What the team's channel shows: how many answered, the averages once at least three answered, and the answers members chose to share.</p>
${
  team.checkIns.length === 0
    ? html`<p>No team check-ins yet.</p>`
    : team.checkIns.map((c) => {
        const aggregate = aggregateStoredAnswers(c.answers);
        return html`<section class="panel" aria-label="${weekLabel(c.period)}">
<h2>${weekLabel(c.period)}</h2>
<p>${aggregate.answered} answered.</p>
${
  aggregate.averages
    ? html`<p>Average achievement ${aggregate.averages.achievement}%, average mood ${aggregate.averages.mood} out of 10.</p>
${aggregate.shared.length === 0 ? html`<p class="muted">Nobody shared their answer.</p>` : html`<h3>Shared with the team</h3><ul>${aggregate.shared.map((s) => html`<li>${s.name ?? s.platformUserId}: ${s.achievement}%, mood ${s.mood}/10${s.note ? html` · “${s.note}”` : ""}</li>`)}</ul>`}`
    : html`<p class="muted">Fewer than three answers: the channel shows the count only.</p>`
}
</section>`;
      })
}`;
}
