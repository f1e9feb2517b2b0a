// The /coach definition against Discord's limits, and its translation into neutral commands,
// using discord.js's own interaction class on payloads shaped like Discord's.
import { ChatInputCommandInteraction, Client } from "discord.js";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS, findCommand } from "../../../src/interactions/index.js";
import { coachCommandDefinition, commandName, discordPath, invocationArgs, readInvocation } from "../../../src/platforms/discord/commands.js";
import { slashCommand, testUser } from "./support/payloads.js";

const ids = { applicationId: "1100000000000000001", guildId: "1100000000000000002", channelId: "1100000000000000003" };
// Never logged in: only used to build interaction objects.
const client = new Client({ intents: [] });

afterAll(async () => {
  await client.destroy();
});

describe("coachCommandDefinition", () => {
  const domains = [
    { key: "exercise", label: "Exercise" },
    { key: "sleep", label: "Sleep" },
  ];

  /** Every subcommand of a definition, as [path, subcommand]. */
  const leaves = (coach: any): [string, any][] =>
    coach.options.flatMap((o: any) => (o.type === 2 ? o.options.map((s: any) => [`${o.name} ${s.name}`, s]) : [[o.name, o]]));

  it("fits Discord's limits: names, descriptions, counts, required options first", () => {
    for (const global of [true, false]) {
      const [coach, ...rest] = coachCommandDefinition(global, { domains }) as any[];
      expect(rest).toEqual([]);
      expect(coach.name).toMatch(/^[a-z]{1,32}$/);
      expect(coach.options.length).toBeLessThanOrEqual(25);
      for (const top of coach.options) {
        expect([1, 2]).toContain(top.type);
        expect(top.name).toMatch(/^[a-z]{1,32}$/);
        expect(top.description.length).toBeGreaterThan(0);
        expect(top.description.length).toBeLessThanOrEqual(100);
        if (top.type === 2) expect(top.options.length).toBeLessThanOrEqual(25);
      }
      for (const [, sub] of leaves(coach)) {
        expect(sub.type).toBe(1);
        expect(sub.name).toMatch(/^[a-z]{1,32}$/);
        expect(sub.description.length).toBeLessThanOrEqual(100);
        const options: any[] = sub.options ?? [];
        expect(options.length).toBeLessThanOrEqual(25);
        const firstOptional = options.findIndex((o) => !o.required);
        if (firstOptional >= 0) expect(options.slice(firstOptional).every((o) => !o.required)).toBe(true);
        for (const o of options) {
          expect(o.name).toMatch(/^[a-z]{1,32}$/);
          expect(o.description.length).toBeGreaterThan(0);
          expect(o.description.length).toBeLessThanOrEqual(100);
        }
      }
      expect("contexts" in coach).toBe(global);
    }
  });

  it("offers every registry command, the client's (continue included), personal data, coach and team", () => {
    const [coach] = coachCommandDefinition(false, { domains }) as any[];
    // Every registry command is offered; a few sit in a group on Discord (25 entries at most).
    expect(
      leaves(coach)
        .map(([path]) => path)
        .sort(),
    ).toEqual(COMMANDS.map((c) => discordPath(c.name)).sort());
    expect(leaves(coach).map(([path]) => path)).toEqual([
      "help",
      "status",
      "checkin",
      "goals",
      "newgoal",
      "change",
      "review",
      "vision",
      "assessment",
      "settings focus",
      "settings pause",
      "settings resume",
      "settings checkins",
      "settings cadence",
      "program",
      "continue",
      "restage",
      "data privacy",
      "data export",
      "data delete",
      "enroll",
      "release",
      "clients",
      "client",
      "stage",
      "digest",
      "dashboard",
      "session start",
      "session next",
      "session note",
      "session goal",
      "session share",
      "session end",
      "session send",
      "session schedule",
      "team link",
      "team checkin",
      "team remind",
      "flag list",
      "flag ack",
      "flag resolve",
    ]);
    // A flag is named by its number (a Discord integer), and resolving it needs the coach's note.
    expect(Object.fromEntries(leaves(coach))["flag resolve"].options).toEqual([
      expect.objectContaining({ type: 4, name: "number", required: true, min_value: 1 }),
      expect.objectContaining({ type: 3, name: "note", required: true, max_length: 1000 }),
    ]);
    const byPath = Object.fromEntries(leaves(coach));
    expect(byPath.enroll.options).toEqual([
      expect.objectContaining({ type: 6, name: "user", required: true }),
      expect.objectContaining({
        type: 3,
        name: "area",
        required: false,
        choices: [
          { name: "Exercise", value: "exercise" },
          { name: "Sleep", value: "sleep" },
        ],
      }),
    ]);
    expect(byPath["session start"].options).toEqual([
      expect.objectContaining({ type: 6, name: "user", required: true }),
      expect.objectContaining({ type: 4, name: "minutes", required: false, min_value: 10, max_value: 180 }),
    ]);
    expect(byPath["team link"].options).toEqual([
      expect.objectContaining({ type: 7, name: "channel", required: true, channel_types: [0, 5] }),
      expect.objectContaining({ type: 3, name: "name", required: false }),
    ]);
    expect(byPath["data export"].options).toEqual([expect.objectContaining({ type: 6, name: "user", required: false })]);
  });
});

describe("reading an invocation back for the registry", () => {
  // The constructor is internal to discord.js (it builds interactions from gateway payloads).
  const Interaction = ChatInputCommandInteraction as unknown as new (client: Client, data: unknown) => ChatInputCommandInteraction;
  const build = (payload: ReturnType<typeof slashCommand>) => new Interaction(client, payload);

  it("names a subcommand with no arguments", () => {
    const invocation = readInvocation(build(slashCommand(ids, testUser("a"), "checkin")))!;
    expect(commandName(invocation)).toBe("checkin");
  });

  it("passes a user option on as a structured person, not as words", () => {
    const newcomer = testUser("new.client", "Newcomer");
    const interaction = build(slashCommand(ids, testUser("coach"), "enroll", newcomer));
    expect(commandName(readInvocation(interaction)!)).toBe("enroll");
    expect(invocationArgs(interaction, findCommand("enroll")!)).toEqual({ user: { platformUserId: newcomer.id, displayName: "Newcomer", bot: false } });
  });

  it("ignores commands that are not /coach", () => {
    const payload = slashCommand(ids, testUser("b"), "help");
    expect(readInvocation(build({ ...payload, data: { ...payload.data, name: "other" } }))).toBeNull();
  });
});
