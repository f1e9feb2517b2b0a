// How a typed command line is read through the registry: command names (with aliases and the
// two-word session/team steps), Slack's escaped mentions, the console's plain words.
import { describe, expect, it } from "vitest";
import { COMMANDS, parseCommandLine, plainCodec } from "../../src/interactions/index.js";
import { slackCodec } from "../../src/platforms/slack/interact.js";

const parse = (text: string) => {
  const parsed = parseCommandLine(text, slackCodec);
  return parsed.ok ? { name: parsed.spec.name, args: parsed.args } : parsed;
};
const person = (id: string) => ({ platformUserId: id });

describe("parseCommandLine", () => {
  it("reads the client's own commands with their arguments, for the machine", () => {
    for (const name of ["help", "status", "checkin", "goals", "continue", "export", "delete"]) expect(parse(name)).toEqual({ name, args: {} });
    expect(parse("pause 2026-12-31")).toEqual({ name: "pause", args: { until: "2026-12-31" } });
    expect(parse("/Status")).toEqual({ name: "status", args: {} });
  });

  it("reads enroll with a mention in either escaped form, and an optional area of one or more words", () => {
    expect(parse("enroll <@U123ABC|sam>")).toEqual({ name: "enroll", args: { user: person("U123ABC") } });
    expect(parse("Enroll <@U123ABC> exercise")).toEqual({ name: "enroll", args: { user: person("U123ABC"), area: "exercise" } });
    expect(parse("enroll <@W9ZZ|Sam Lee> stress management")).toEqual({ name: "enroll", args: { user: person("W9ZZ"), area: "stress management" } });
    // Typed without picking from Slack's list: no user id to act on.
    expect(parse("enroll @sam")).toEqual({ name: "enroll", args: { area: "@sam" } });
  });

  it("reads clients, digest, client/prep and schedule", () => {
    expect(parse("clients")).toEqual({ name: "clients", args: {} });
    expect(parse("digest")).toEqual({ name: "digest", args: {} });
    expect(parse("schedule <@U_ANN|ann> 2026-12-18 15:00")).toEqual({ name: "session schedule", args: { user: person("U_ANN"), when: "2026-12-18 15:00" } });
    expect(parse("client <@U1|a>")).toEqual({ name: "client", args: { user: person("U1") } });
    expect(parse("prep <@U1>")).toEqual({ name: "client", args: { user: person("U1") } });
    expect(parse("client")).toEqual({ name: "client", args: {} });
  });

  it("reads session start with a person and minutes in any order", () => {
    expect(parse("session start <@U1|sam> 45")).toEqual({ name: "session start", args: { user: person("U1"), minutes: "45" } });
    expect(parse("session start 45 <@U1>")).toEqual({ name: "session start", args: { user: person("U1"), minutes: "45" } });
    expect(parse("session start")).toEqual({ name: "session start", args: {} });
    expect(parse("session")).toEqual({ ok: false, name: "session", group: "session" });
    expect(parse("session dance")).toEqual({ ok: false, name: "session", group: "session" });
  });

  it("reads next, note, goal and end with an optional leading person, alone or after `session`", () => {
    expect(parse("next")).toEqual({ name: "session next", args: {} });
    expect(parse("session next <@U1>")).toEqual({ name: "session next", args: { user: person("U1") } });
    expect(parse("end <@U1|sam>")).toEqual({ name: "session end", args: { user: person("U1") } });
    expect(parse("note <@U1> proud of &amp; happy")).toEqual({ name: "session note", args: { user: person("U1"), text: "proud of & happy" } });
    expect(parse("goal walk 20 minutes")).toEqual({ name: "session goal", args: { text: "walk 20 minutes" } });
    // A mention later in a note is part of the note, not the client it is about.
    expect(parse("note met <@U2|kim> at the gym")).toEqual({ name: "session note", args: { text: "met <@U2> at the gym" } });
  });

  it("reads team commands with a channel mention", () => {
    expect(parse("team link <#C123|general> Product team")).toEqual({
      name: "team link",
      args: { channel: { channelId: "C123", name: "general" }, name: "Product team" },
    });
    expect(parse("team checkin <#C123>")).toEqual({ name: "team checkin", args: { channel: { channelId: "C123" } } });
  });

  it("leaves unknown words as unknown, and reads plain console lines", () => {
    expect(parse("dance")).toEqual({ ok: false, name: "dance" });
    const typed = parseCommandLine("session start 45", plainCodec);
    expect(typed.ok && typed.args).toEqual({ minutes: "45" });
  });
});

describe("the registry", () => {
  it("holds every command the client machine accepts, continue included, once", () => {
    const client = COMMANDS.filter((c) => c.audience === "client").map((c) => c.name);
    for (const name of [
      "help",
      "status",
      "checkin",
      "goals",
      "pause",
      "resume",
      "continue",
      "change",
      "newgoal",
      "vision",
      "review",
      "assessment",
      "program",
    ]) {
      expect(client).toContain(name);
    }
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it("fits Discord's limits: descriptions of 1-100 characters, lowercase names of 1-32", () => {
    for (const c of COMMANDS) {
      expect(c.help.length).toBeGreaterThan(0);
      expect(c.help.length).toBeLessThanOrEqual(100);
      for (const word of c.name.split(" ")) expect(word).toMatch(/^[a-z]{1,32}$/);
      for (const o of c.options) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });
});

describe("the machine's /help", () => {
  it("lists every client command of the registry", async () => {
    const { loadCatalog } = await import("../../src/flows/loader.js");
    const help = loadCatalog().messages.help;
    for (const c of COMMANDS.filter((c) => c.audience === "client")) expect(help).toContain(`/${c.name}`);
  });
});
