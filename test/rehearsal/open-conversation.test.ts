// Journey: a conversation left open when a check-in falls due. Nothing scheduled is dropped: the
// check-in reaches the client, the day-old review is set aside kindly and offered again after it.
import path from "node:path";
import { expect, it } from "vitest";
import { JOURNEYS, rehearseFile } from "../support/rehearse.js";

it("a review left open when the check-in falls due: the check-in is sent, the review comes back after it", { timeout: 240_000 }, async () => {
  const run = await rehearseFile(path.join(JOURNEYS, "review-open-at-checkin.yaml"));
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const toClient = run.messages.filter((m) => m.who === "bot>client");
  const review = toClient.find((m) => /How well does it still fit what you want/.test(m.text));
  expect(review?.at).toBe("2027-01-31T09:00Z");

  const monday = toClient.filter((m) => m.at === "2027-02-01T09:00Z").map((m) => m.text);
  expect(monday[0]).toBe(
    "Your goal review from yesterday is still unfinished, Sam, so I've set it aside (what you answered is saved). Let's do your weekly check-in now.",
  );
  expect(monday[1]).toMatch(/^Hi Sam, good to see you\. How are you doing right now/);

  // Answered at 09:38; the review follows at once, saying truthfully when it came due.
  const after = toClient.filter((m) => m.at === "2027-02-01T09:38Z").map((m) => m.text);
  expect(after).toContain("Next, your goal review, which came due yesterday:");
  expect(after.at(-1)).toMatch(/How well does it still fit what you want/);
  const answered = run.messages.find((m) => m.who === "client" && m.at === "2027-02-01T09:39Z");
  expect(answered?.text).toBe("8");
  expect(toClient.at(-1)!.text).toMatch(/best progress or learning/);
});
