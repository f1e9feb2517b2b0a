// The App Home tab: a client sees their stages, weekly goals (with last week's %) and latest
// achievement; a coach sees their roster, open flags first. Pure rendering of a HomeModel,
// which home-data.ts reads from the database; the wording comes from flows/*.yaml where it
// exists there, and from wording.ts for the tab's own headings.
import type { types } from "@slack/bolt";
import { type Catalog, findDomain } from "../../domain/catalog.js";
import { fillTemplate } from "../../domain/script.js";
import type { Stage } from "../../domain/stages.js";
import type { ClientHome } from "../../store/client-home.js";
import { splitText, truncate } from "./text.js";
import { wording } from "./wording.js";

export type { ClientHome };

export interface HomeModel {
  client: ClientHome | null;
  /** The coach's roster as rosterText renders it; null for someone who is not a coach. */
  roster: string | null;
}

/** Slack's limits for a Home tab view. */
const MAX_HOME_BLOCKS = 100;
const SECTION_TEXT = 3000;
const HEADER_TEXT = 150;

export function homeView(model: HomeModel, catalog: Catalog): types.HomeView {
  const blocks: types.KnownBlock[] = [];
  if (model.roster !== null) blocks.push(header(wording.home.coachHeader), ...sections(model.roster));
  if (model.client) {
    if (blocks.length > 0) blocks.push({ type: "divider" });
    blocks.push(header(wording.home.clientHeader), ...clientBlocks(model.client, catalog));
  }
  if (blocks.length === 0) blocks.push({ type: "section", text: { type: "mrkdwn", text: wording.home.welcome } });
  return { type: "home", blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}

function clientBlocks(client: ClientHome, catalog: Catalog): types.KnownBlock[] {
  const m = catalog.messages;
  const name = client.name ?? "friend";
  const stages = client.stages.length
    ? [
        fillTemplate(m.status.header, { name }),
        ...client.stages.map((s) =>
          fillTemplate(m.status.domainLine, {
            domain: findDomain(catalog, s.domain)?.label ?? s.domain,
            stage: m.stageNames[s.stage as Stage] ?? s.stage,
            since: s.since.toISOString().slice(0, 10),
          }),
        ),
      ].join("\n")
    : m.status.empty;
  const goals = client.goals.length
    ? [
        fillTemplate(m.goalsHeader, { name }),
        ...client.goals.map((g) =>
          fillTemplate(m.goalsLine, { goal: g.text, last: g.lastPercent === null ? "" : fillTemplate(m.goalsLast, { percent: g.lastPercent }) }),
        ),
      ].join("\n")
    : m.goalsEmpty;
  const achievement = client.achievement ? wording.home.achievement(client.achievement.percent, client.achievement.week) : wording.home.noAchievement;
  return [...sections(stages), ...sections(goals), { type: "context", elements: [{ type: "plain_text", text: achievement, emoji: true }] }];
}

function header(text: string): types.KnownBlock {
  return { type: "header", text: { type: "plain_text", text: truncate(text, HEADER_TEXT), emoji: true } };
}

/** Flow and roster text as written (plain_text), split at Block Kit's section limit. */
function sections(text: string): types.KnownBlock[] {
  return splitText(text, SECTION_TEXT).map((part) => ({ type: "section", text: { type: "plain_text", text: part, emoji: true } }));
}
