// The /coach definition against Discord's limits, and its translation into neutral commands,
// using discord.js's own interaction class on payloads shaped like Discord's.
import { ChatInputCommandInteraction, Client } from "discord.js";
import { afterAll, describe, expect, it } from "vitest";
import { COACH_SUBCOMMANDS, coachCommandDefinition, commandFromInteraction } from "../../../src/platforms/discord/commands.js";
import { slashCommand, testUser } from "./support/payloads.js";

const ids = { applicationId: "1100000000000000001", guildId: "1100000000000000002", channelId: "1100000000000000003" };
// Never logged in: only used to build interaction objects.
const client = new Client({ intents: [] });

afterAll(async () => {
  await client.destroy();
});

describe("coachCommandDefinition", () => {
  it("fits Discord's limits for names, descriptions and subcommand count", () => {
    for (const global of [true, false]) {
      const [coach, ...rest] = coachCommandDefinition(global) as any[];
      expect(rest).toEqual([]);
      expect(coach.name).toMatch(/^[a-z]{1,32}$/);
      expect(coach.options.length).toBeLessThanOrEqual(25);
      for (const sub of coach.options) {
        expect(sub.name).toMatch(/^[a-z]{1,32}$/);
        expect(sub.description.length).toBeGreaterThan(0);
        expect(sub.description.length).toBeLessThanOrEqual(100);
      }
      expect("contexts" in coach).toBe(global);
    }
    expect(COACH_SUBCOMMANDS.filter((s) => s.user).map((s) => s.name)).toEqual(["enroll", "client", "session"]);
  });
});

describe("commandFromInteraction", () => {
  // The constructor is internal to discord.js (it builds interactions from gateway payloads).
  const Interaction = ChatInputCommandInteraction as unknown as new (client: Client, data: unknown) => ChatInputCommandInteraction;
  const build = (payload: ReturnType<typeof slashCommand>) => new Interaction(client, payload);

  it("turns a subcommand into a command with no arguments", () => {
    expect(commandFromInteraction(build(slashCommand(ids, testUser("a"), "checkin")))).toEqual({ kind: "command", name: "checkin", args: [] });
  });

  it("passes a user option on as that user's id", () => {
    const newcomer = testUser("new.client");
    expect(commandFromInteraction(build(slashCommand(ids, testUser("coach"), "enroll", newcomer)))).toEqual({ kind: "command", name: "enroll", args: [newcomer.id] });
  });

  it("ignores commands that are not /coach", () => {
    const payload = slashCommand(ids, testUser("b"), "help");
    expect(commandFromInteraction(build({ ...payload, data: { ...payload.data, name: "other" } }))).toBeNull();
  });
});
