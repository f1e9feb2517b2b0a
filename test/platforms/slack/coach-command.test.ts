// How the coach's /coach text is read: subcommands, @-mentions as Slack escapes them, the rest.
import { describe, expect, it } from "vitest";
import { parseCoachCommand } from "../../../src/platforms/slack/coach-command.js";

describe("parseCoachCommand", () => {
  it("leaves the client's own commands to the machine", () => {
    for (const text of ["", "help", "status", "checkin", "goals", "pause 2026-12-31", "export", "delete"]) {
      expect(parseCoachCommand(text)).toBeNull();
    }
  });

  it("reads enroll with a mention in either escaped form, and an optional area", () => {
    expect(parseCoachCommand("enroll <@U123ABC|sam>")).toEqual({ kind: "enroll", person: "U123ABC", area: null });
    expect(parseCoachCommand("Enroll <@U123ABC> exercise")).toEqual({ kind: "enroll", person: "U123ABC", area: "exercise" });
    expect(parseCoachCommand("enroll <@W9ZZ|Sam Lee> stress")).toEqual({ kind: "enroll", person: "W9ZZ", area: "stress" });
    // Typed without picking from Slack's list: no user id to act on.
    expect(parseCoachCommand("enroll @sam")).toEqual({ kind: "enroll", person: null, area: "@sam" });
  });

  it("reads clients, and client/prep with a person", () => {
    expect(parseCoachCommand("clients")).toEqual({ kind: "clients" });
    expect(parseCoachCommand("digest")).toEqual({ kind: "digest" });
    expect(parseCoachCommand("schedule <@U_ANN|ann> 2026-12-18 15:00")).toEqual({
      kind: "session",
      action: "schedule",
      person: "U_ANN",
      minutes: null,
      text: "2026-12-18 15:00",
    });
    expect(parseCoachCommand("client <@U1|a>")).toEqual({ kind: "client", person: "U1" });
    expect(parseCoachCommand("prep <@U1>")).toEqual({ kind: "client", person: "U1" });
    expect(parseCoachCommand("client")).toEqual({ kind: "client", person: null });
  });

  it("reads session start with a person and minutes in any order", () => {
    expect(parseCoachCommand("session start <@U1|sam> 45")).toEqual({ kind: "session", action: "start", person: "U1", minutes: "45", text: "" });
    expect(parseCoachCommand("session start 45 <@U1>")).toMatchObject({ person: "U1", minutes: "45" });
    expect(parseCoachCommand("session start")).toMatchObject({ action: "start", person: null, minutes: null });
    expect(parseCoachCommand("session")).toEqual({ kind: "session-usage" });
    expect(parseCoachCommand("session dance")).toEqual({ kind: "session-usage" });
  });

  it("reads next, note, goal and end with an optional leading person, alone or after `session`", () => {
    expect(parseCoachCommand("next")).toEqual({ kind: "session", action: "next", person: null, minutes: null, text: "" });
    expect(parseCoachCommand("session next <@U1>")).toMatchObject({ action: "next", person: "U1" });
    expect(parseCoachCommand("end <@U1|sam>")).toMatchObject({ action: "end", person: "U1" });
    expect(parseCoachCommand("note <@U1> proud of &amp; happy")).toMatchObject({ action: "note", person: "U1", text: "proud of & happy" });
    expect(parseCoachCommand("goal walk 20 minutes")).toMatchObject({ action: "goal", person: null, text: "walk 20 minutes" });
    // A mention later in a note is part of the note, not the client it is about.
    expect(parseCoachCommand("note met <@U2|kim> at the gym")).toMatchObject({ person: null, text: "met <@U2> at the gym" });
  });
});
