// The custom_id encoding: compact, reversible, within Discord's 100 characters.
import { describe, expect, it } from "vitest";
import { type ComponentAction, CUSTOM_ID_MAX, decodeCustomId, encodeCustomId } from "../../../src/platforms/discord/custom-id.js";

describe("custom_id encoding", () => {
  const cases: [ComponentAction, string][] = [
    [{ type: "answer", promptId: "onboarding-1:domain", value: "exercise" }, "a|onboarding-1:domain|exercise"],
    [{ type: "answer", promptId: "checkin-2:feeling", value: "7" }, "a|checkin-2:feeling|7"],
    [{ type: "select", promptId: "onboarding-1:domain", menu: 2 }, "s|onboarding-1:domain|2"],
    [{ type: "openForm", form: "percent", promptId: "checkin-2:achievement" }, "f|p|checkin-2:achievement"],
    [{ type: "openForm", form: "optionalText", promptId: "checkin-2:helped" }, "f|o|checkin-2:helped"],
    [{ type: "submitForm", form: "text", promptId: "onboarding-1:name" }, "m|t|onboarding-1:name"],
    [{ type: "submitForm", form: "number", promptId: "x:y" }, "m|n|x:y"],
  ];

  it.each(cases)("encodes %o as %s and reads it back", (action, encoded) => {
    expect(encodeCustomId(action)).toBe(encoded);
    expect(decodeCustomId(encoded)).toEqual(action);
  });

  it("keeps a value containing the separator intact (the value is always the last field)", () => {
    const action: ComponentAction = { type: "answer", promptId: "p:1", value: "either|or" };
    expect(decodeCustomId(encodeCustomId(action)!)).toEqual(action);
  });

  it("refuses what would not fit or could not be read back", () => {
    const promptId = "p".repeat(CUSTOM_ID_MAX - 4);
    expect(encodeCustomId({ type: "answer", promptId, value: "12" })).toBeNull();
    expect(encodeCustomId({ type: "answer", promptId, value: "1" })).toHaveLength(CUSTOM_ID_MAX);
    expect(encodeCustomId({ type: "openForm", form: "text", promptId: "a|b" })).toBeNull();
    expect(encodeCustomId({ type: "select", promptId: "", menu: 1 })).toBeNull();
  });

  it.each(["", "a", "a|", "a|p", "x|p|v", "s|p", "s|p|x", "s|p|1|2", "f|z|p", "f|p", "m|p|a|b", "f||p", "coach:anything"])(
    "reads %j as not ours",
    (customId) => {
      expect(decodeCustomId(customId)).toBeNull();
    },
  );
});
