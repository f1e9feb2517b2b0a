// The team check-in as Discord draws it, against Discord's limits, and the adapter's own custom_ids.
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/flows/loader.js";
import { teamAnswerForm as neutralForm } from "../../../src/interactions/team-answers.js";
import { decodeAdapterAction, encodeAdapterAction } from "../../../src/platforms/discord/action-ids.js";
import { renderPrompt } from "../../../src/platforms/discord/render.js";
import { aggregateLines, formModal, teamCheckInMessage } from "../../../src/platforms/discord/team-render.js";
import { wording } from "../../../src/platforms/discord/wording.js";
import { teamCheckInPromptId } from "../../../src/teams/prompt-id.js";
import { teamTexts, teamWording } from "../../teams/support/wording.js";

const checkInId = "0b7f4a8e-3c1d-4e2f-9a6b-5c4d3e2f1a0b";
const w = teamWording((text) => `**${text}**`, wording.team.answerButton);
type Aggregate = Parameters<typeof aggregateLines>[0]["aggregate"];
const post = (aggregate: Aggregate, teamName = "Delta") => ({
  checkInId,
  teamId: "t",
  teamName,
  channelId: "1",
  workspace: "g",
  period: "2026-W48",
  aggregate,
});

describe("adapter custom_ids", () => {
  it.each([
    { type: "openTeamForm", checkInId },
    { type: "submitTeamForm", checkInId },
    { type: "confirmDelete", clientId: checkInId },
    { type: "cancelDelete", clientId: checkInId },
  ] as const)("round-trips %j within 100 characters", (action) => {
    const id = encodeAdapterAction(action);
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeAdapterAction(id)).toEqual(action);
  });

  it("leaves prompt custom_ids and junk alone", () => {
    for (const id of ["a|x-1:ready|y", "f|p|x-1:q", "t|", "t|a|b", "D|has space", "v0:something-old", "Z|abc"]) expect(decodeAdapterAction(id)).toBeNull();
  });
});

describe("the channel post", () => {
  it("before any answer: the question and the button only", () => {
    const body = teamCheckInMessage(post({ answered: 0, averages: null, shared: [] }), teamTexts);
    expect(body.content).toBe(`${w.postHeader("Delta", "2026-W48")}\n${w.postBody}`);
    expect(body.components).toEqual([{ type: 1, components: [{ type: 2, style: 1, custom_id: `t|${checkInId}`, label: w.answerButton }] }]);
  });

  it("below three answers: the count; from three: averages and shared answers by mention", () => {
    expect(aggregateLines(post({ answered: 2, averages: null, shared: [] }), teamTexts)).toEqual([w.answeredSoFar(2, 3)]);
    const lines = aggregateLines(
      post({
        answered: 3,
        averages: { achievement: 65, mood: 6.3 },
        shared: [{ platformUserId: "42", name: "Ana", achievement: 90, mood: 8, note: "walked" }],
      }),
      teamTexts,
    );
    expect(lines).toEqual([w.summary(3, 65, 6.3), w.sharedHeader, w.sharedLine("<@42>", 90, 8, "walked")]);
  });

  it("stays within 2000 characters however many share", () => {
    const shared = Array.from({ length: 60 }, (_, i) => ({ platformUserId: String(1e17 + i), name: null, achievement: 50, mood: 5, note: "n".repeat(300) }));
    const body = teamCheckInMessage(post({ answered: 60, averages: { achievement: 50, mood: 5 }, shared }), teamTexts);
    expect(body.content.length).toBeLessThanOrEqual(2000);
    expect(body.components).toHaveLength(1);
  });
});

describe("the private form", () => {
  it("fits the modal limits even for a long team name, and is filled in from a stored answer", () => {
    const form = formModal(
      neutralForm(loadCatalog(), { type: "teamAnswer", checkInId }, "The quite remarkably long-named customer success team", {
        achievement: 70,
        mood: 7,
        note: "ok",
        shareWithTeam: true,
      }),
    );
    expect(form.custom_id).toBe(`T|${checkInId}`);
    expect(form.title.length).toBeLessThanOrEqual(45);
    expect(form.components.length).toBeLessThanOrEqual(5);
    const labels = form.components as any[];
    for (const label of labels) {
      expect(label.label.length).toBeLessThanOrEqual(45);
      expect((label.description ?? "").length).toBeLessThanOrEqual(100);
    }
    expect(labels.map((l) => l.component.value)).toEqual(["70", "7", "ok", undefined]);
    expect(labels[3].component.options.map((o: any) => o.default)).toEqual([false, true]);
  });
});

describe("a team reminder DM", () => {
  it("carries the 'Answer privately' button of its check-in; other information prompts carry none", () => {
    const [reminder] = renderPrompt({ id: teamCheckInPromptId(checkInId), text: "A gentle reminder", input: { kind: "none" } });
    expect(reminder).toEqual({
      content: "A gentle reminder",
      components: [{ type: 1, components: [expect.objectContaining({ custom_id: `t|${checkInId}`, label: w.answerButton })] }],
    });
    expect(renderPrompt({ id: "team-checkin:not-an-id", text: "x", input: { kind: "none" } })).toEqual([{ content: "x" }]);
    expect(renderPrompt({ id: "coach-alert", text: "y", input: { kind: "none" } })).toEqual([{ content: "y" }]);
  });
});
