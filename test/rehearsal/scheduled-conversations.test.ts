// Journeys: what the scheduler offers when the client's own actions got there first. Nothing
// scheduled is dropped without a record, and nothing already answered is asked again.
import path from "node:path";
import { expect, it } from "vitest";
import { JOURNEYS, rehearseFile } from "../support/rehearse.js";

const SLOW = 240_000;

it("a check-in the client did on their own on Sunday evening is not asked again on Monday morning", { timeout: SLOW }, async () => {
  const run = await rehearseFile(path.join(JOURNEYS, "early-checkin.yaml"));
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const toClient = run.messages.filter((m) => m.who === "bot>client");
  expect(toClient.find((m) => m.at === "2027-01-10T19:10Z" && /^Saved, Dee\./.test(m.text))).toBeDefined();
  expect(toClient.filter((m) => m.at > "2027-01-10T19:10Z")).toEqual([]);
});

it("a safety hold across two check-in days: after the welcome back, this week's check-in is offered", { timeout: SLOW }, async () => {
  const run = await rehearseFile(path.join(JOURNEYS, "hold-across-two-checkins.yaml"));
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const back = run.messages.filter((m) => m.who === "bot>client" && m.at === "2027-01-18T20:11Z").map((m) => m.text);
  expect(back).toContain("Next, your weekly check-in, which came due today:");
  expect(back.join("\n")).not.toMatch(/came due 7 days ago/);
  // A 40% week: the encouragement comes before the goodbye, and the plan for the week ahead is last.
  const closing = run.messages.filter((m) => m.who === "bot>client" && m.at === "2027-01-18T20:17Z").map((m) => m.text.split(",")[0]);
  expect(closing).toEqual(["A week like this is part of changing any habit", "Saved", "Here is your plan for the week ahead"]);
});
