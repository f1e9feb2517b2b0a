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
  // Without a vision, the review looks back over the weeks, stating truthfully how many.
  const review = toClient.find((m) => /^It's been 4 weeks since we started, Sam\. Looking back/.test(m.text));
  expect(review?.at).toBe("2027-01-31T09:00Z");

  const monday = toClient.filter((m) => m.at === "2027-02-01T09:00Z").map((m) => m.text);
  expect(monday[0]).toBe(
    "Your goal review from yesterday is still unfinished, Sam, so I've set it aside (what you answered is saved). Let's do your weekly check-in now.",
  );
  expect(monday[1]).toMatch(/^Hi Sam, good to see you\. How are you doing right now/);

  // Answered at 09:38; three weeks at 80% or more first ask Sam to confirm action ("not yet" at
  // 09:39), then the review follows at once, saying truthfully when it came due.
  const confirm = toClient.filter((m) => m.at === "2027-02-01T09:38Z").map((m) => m.text);
  expect(confirm.at(-1)).toMatch(/3 weeks in a row\. Honestly, would you say you now/);
  const after = toClient.filter((m) => m.at === "2027-02-01T09:39Z").map((m) => m.text);
  expect(after).toContain("Next, your goal review, which came due yesterday:");
  expect(after.at(-1)).toMatch(/^It's been 4 weeks since we started, Sam\. Looking back/);
  const answered = run.messages.find((m) => m.who === "client" && m.at === "2027-02-01T09:40Z");
  expect(answered?.text).toBe("a good walk");
  expect(toClient.at(-1)!.text).toMatch(/picture where they.d like to be in three months/);
});
