// The App Home view, rendered from a HomeModel: what clients and coaches see.
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/flows/loader.js";
import { type ClientHome, homeView } from "../../../src/platforms/slack/home.js";
import { wording } from "../../../src/platforms/slack/wording.js";

const catalog = loadCatalog();
interface LooseBlock {
  type: string;
  text?: { text: string };
  elements?: { text?: string }[];
}
const blocksOf = (view: ReturnType<typeof homeView>) => view.blocks as unknown as LooseBlock[];
const texts = (view: ReturnType<typeof homeView>) =>
  blocksOf(view).map((b) => (b.type === "context" ? (b.elements ?? []).map((e) => e.text ?? "").join(" ") : (b.text?.text ?? `[${b.type}]`)));

const sam: ClientHome = {
  name: "Sam",
  stages: [
    { domain: "exercise", stage: "action", since: new Date("2026-11-02T10:00:00Z") },
    { domain: "sleep", stage: "contemplation", since: new Date("2026-10-20T10:00:00Z") },
  ],
  goals: [
    { text: "walk 20 minutes after lunch", lastPercent: 80 },
    { text: "bed by 23:00 on weeknights", lastPercent: null },
  ],
  achievement: { week: "2026-W47", percent: 72 },
};

describe("App Home view", () => {
  it("shows a client their stages by name, weekly goals with last week's %, and the latest achievement", () => {
    const view = homeView({ client: sam, roster: null }, catalog);
    expect(view.type).toBe("home");
    expect(texts(view)).toEqual([
      wording.home.clientHeader,
      "Where you are, Sam:\n  Exercise: taking action (since 2026-11-02)\n  Sleep: thinking about it (since 2026-10-20)",
      "Your weekly goals, Sam:\n  - walk 20 minutes after lunch (last week: 80%)\n  - bed by 23:00 on weeknights",
      "Last check-in (2026-W47): 72% of what you planned.",
    ]);
  });

  it("tells a new client kindly that there is nothing yet", () => {
    const view = homeView({ client: { name: null, stages: [], goals: [], achievement: null }, roster: null }, catalog);
    expect(texts(view).slice(1)).toEqual([catalog.messages.status.empty, catalog.messages.goalsEmpty, wording.home.noAchievement]);
  });

  it("shows a coach their roster first, and their own progress below when they are coached too", () => {
    const roster = "Your clients (2):\n  - Zed (getting started): not staged yet | 1 open flag, 1 urgent\n  - Ann (active): Exercise: taking action";
    const view = homeView({ client: sam, roster }, catalog);
    expect(texts(view).slice(0, 4)).toEqual([wording.home.coachHeader, roster, "[divider]", wording.home.clientHeader]);
  });

  it("welcomes someone the bot does not know yet", () => {
    expect(texts(homeView({ client: null, roster: null }, catalog))).toEqual([wording.home.welcome]);
  });

  it("stays within Slack's limits with a very long roster", () => {
    const roster = Array.from({ length: 4000 }, (_, i) => `  - Client ${i} (active): Exercise: taking action`).join("\n");
    const view = homeView({ client: null, roster }, catalog);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const block of blocksOf(view)) if (block.type === "section") expect(block.text!.text.length).toBeLessThanOrEqual(3000);
  });
});
