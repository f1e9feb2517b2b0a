// Slack payloads -> Inbound, the answer form, and the id encodings the two directions share.

import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { PERMANENT_SLACK_ERRORS, slackErrorCode } from "../../../src/platforms/slack/deliverer.js";
import { blockIdFor, decodeFormMetadata, encodeFormMetadata, MAX_PROMPT_ID, parseBlockId, promptIdFits } from "../../../src/platforms/slack/ids.js";
import { answerFormView, readAnswerForm } from "../../../src/platforms/slack/modal.js";
import { slackTextToPlain, splitText, truncate } from "../../../src/platforms/slack/text.js";
import { type BotIdentity, type MessageEnvelope, translateCommand, translateMessage } from "../../../src/platforms/slack/translate.js";

const identity: BotIdentity = { botUserId: "UBOT", botId: "BBOT", teamId: "T1", teamName: "Acme" };
const dm = (event: Partial<MessageEnvelope["event"]>, envelope: Partial<MessageEnvelope> = {}): MessageEnvelope => ({
  event_id: "Ev1",
  team_id: "T1",
  ...envelope,
  event: { type: "message", channel_type: "im", user: "U1", text: "hello", ...event },
});

describe("translateMessage", () => {
  it("turns a typed DM into a message keyed by Slack's event_id, in the workspace's tenant", () => {
    expect(translateMessage(dm({}), identity)).toEqual({
      inbound: {
        kind: "message",
        text: "hello",
        eventId: "slack:event:Ev1",
        tenant: { platform: "slack", externalId: "T1", name: "Acme" },
        user: { platformUserId: "U1" },
      },
    });
  });

  it("reads a DM starting with / as a command", () => {
    const verdict = translateMessage(dm({ text: "/Status now" }), identity);
    expect(verdict).toMatchObject({ inbound: { kind: "command", name: "status", args: ["now"] } });
  });

  it("undoes Slack's escaping and link markup", () => {
    const verdict = translateMessage(dm({ text: "fish &amp; chips &lt;3 see <https://example.com|my plan> or <https://x.org>" }), identity);
    expect(verdict).toMatchObject({ inbound: { text: "fish & chips <3 see my plan or https://x.org" } });
  });

  it.each([
    ["an edit", { subtype: "message_changed" }],
    ["a bot's message", { bot_id: "B2" }],
    ["our own message", { user: "UBOT" }],
    ["a channel message", { channel_type: "channel" }],
    ["a file share", { subtype: "file_share" }],
    ["an empty text", { text: "  " }],
  ])("ignores %s", (_, event) => {
    expect(translateMessage(dm(event), identity)).toHaveProperty("ignored");
  });
});

describe("translateCommand", () => {
  const command = { team_id: "T1", team_domain: "acme", user_id: "U1", user_name: "sam", trigger_id: "trig-1" };

  it("turns /coach <sub> [args] into a command, and a bare /coach into help", () => {
    expect(translateCommand({ ...command, text: "Checkin  now please" }, identity)).toMatchObject({
      kind: "command",
      name: "checkin",
      args: ["now", "please"],
    });
    expect(translateCommand({ ...command, text: "" }, identity)).toMatchObject({ kind: "command", name: "help", args: [] });
    expect(translateCommand({ ...command, text: "/status" }, identity)).toMatchObject({ name: "status" });
  });

  it("derives a stable event id from team, user and trigger_id", () => {
    const a = translateCommand({ ...command, text: "status" }, identity).eventId;
    expect(a).toMatch(/^slack:command:[0-9a-f]{32}$/);
    expect(translateCommand({ ...command, text: "help" }, identity).eventId).toBe(a);
    expect(translateCommand({ ...command, trigger_id: "trig-2" }, identity).eventId).not.toBe(a);
  });
});

describe("ids", () => {
  it("round-trips prompt ids through block ids, even with separators in them", () => {
    const id = blockIdFor(3, "a", 1, "checkin-2:feel|ing");
    expect(parseBlockId(id)).toEqual({ slot: 3, role: "a", promptId: "checkin-2:feel|ing" });
    expect(parseBlockId("not ours")).toBeNull();
    expect(parseBlockId(undefined)).toBeNull();
    expect(blockIdFor(999, "done", 999, "x".repeat(MAX_PROMPT_ID)).length).toBeLessThanOrEqual(255);
    expect(promptIdFits("x".repeat(MAX_PROMPT_ID + 1))).toBe(false);
  });

  it("round-trips the answer form's metadata and rejects anything else", () => {
    const meta = { promptId: "checkin-1:achievement", kind: "percent" as const, channel: "D1", messageTs: "1.2", slot: 0 };
    expect(decodeFormMetadata(encodeFormMetadata(meta))).toEqual(meta);
    expect(decodeFormMetadata("{")).toBeNull();
    expect(decodeFormMetadata(JSON.stringify({ p: "x", k: "dance", c: "D1", t: "1", s: 0 }))).toBeNull();
  });
});

describe("answer form", () => {
  const meta = { promptId: "checkin-1:achievement", kind: "percent" as const, channel: "D1", messageTs: "1.2", slot: 1 };
  const submitted = (kind: typeof meta.kind | "text" | "text-optional", value: string | null) => {
    const view = answerFormView({ ...meta, kind }, "What share?");
    return { callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values: { answer: { text: { value } } } } };
  };

  it("builds a modal within Slack's limits, with the question and one input", () => {
    const view = answerFormView(meta, "q".repeat(5000));
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.private_metadata!.length).toBeLessThanOrEqual(3000);
    expect(view.blocks.map((b) => b.type)).toEqual(["section", "input"]);
    expect(JSON.stringify(view.blocks[0]).length).toBeLessThan(3200);
  });

  it("accepts a percentage from 0 to 100 and rejects anything else with a field error", () => {
    expect(readAnswerForm(submitted("percent", " 80% "))).toMatchObject({
      ok: true,
      text: "80",
      label: "80%",
      meta: { promptId: "checkin-1:achievement", slot: 1 },
    });
    for (const bad of ["150", "-1", "lots", ""]) {
      expect(readAnswerForm(submitted("percent", bad))).toEqual({ ok: false, errors: { answer: expect.stringMatching(/0 to 100/) } });
    }
  });

  it("requires text for a required question, and sends 'skip' for an empty optional one", () => {
    expect(readAnswerForm(submitted("text", "   "))).toMatchObject({ ok: false, errors: { answer: expect.any(String) } });
    expect(readAnswerForm(submitted("text", "Walking"))).toMatchObject({ ok: true, text: "Walking" });
    expect(readAnswerForm(submitted("text-optional", null))).toMatchObject({ ok: true, text: "skip", label: "(skipped)" });
  });

  it("does not read forms that are not ours", () => {
    expect(readAnswerForm({ callback_id: "other", private_metadata: "" })).toMatchObject({ ok: false, errors: null });
  });
});

describe("text helpers and Web API errors", () => {
  it("truncates with an ellipsis and splits without losing words", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
    expect(splitText("one two three four", 9)).toEqual(["one two", "three", "four"]);
    expect(splitText("   ", 10)).toEqual([]);
  });

  it("undoes mailto links", () => {
    expect(slackTextToPlain("mail <mailto:a@b.org|a@b.org>")).toBe("mail a@b.org");
  });

  it("reads the error code of a Web API platform error only", () => {
    const platform = Object.assign(new Error("An API error occurred: channel_not_found"), {
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: "channel_not_found" },
    });
    expect(slackErrorCode(platform)).toBe("channel_not_found");
    expect(slackErrorCode(new Error("socket hang up"))).toBeUndefined();
    expect([...PERMANENT_SLACK_ERRORS].sort()).toEqual(
      ["account_inactive", "cannot_dm_bot", "channel_not_found", "invalid_auth", "is_archived", "not_in_channel", "token_revoked", "user_not_found"].sort(),
    );
  });
});
