// The coach contract on Discord: the real discord.js client against the REST and gateway stand-ins.

import { runDeferred, startHarness } from "../discord/support/harness.js";
import { type CommandOption, coachCommand, type TestUser, testUser } from "../discord/support/payloads.js";
import { type CommandArgs, coachContract } from "./coach.contract.js";

coachContract("Discord", async () => {
  const coach = testUser("coach.kim", "Kim");
  const h = await startHarness({ coaches: [coach] });
  const people = new Map<string, TestUser>([[coach.id, coach]]);
  const person = (key: string, name: string) => {
    const user = testUser(key, name);
    people.set(user.id, user);
    return { id: user.id };
  };
  const options = (args: CommandArgs = {}): CommandOption[] => [
    ...(args.user ? [{ type: "user" as const, name: "user", user: people.get(args.user.id)! }] : []),
    ...(args.minutes !== undefined ? [{ type: "integer" as const, name: "minutes", value: args.minutes }] : []),
    ...(args.area !== undefined ? [{ type: "string" as const, name: "area", value: args.area }] : []),
    ...(args.number !== undefined ? [{ type: "integer" as const, name: "number", value: args.number }] : []),
    ...(args.note !== undefined ? [{ type: "string" as const, name: "note", value: args.note }] : []),
  ];
  return {
    prisma: h.db.prisma,
    coach: { id: coach.id },
    coachName: "Kim",
    person,
    async run(who, name, args) {
      const [first, second] = name.split(" ");
      const command = second ? { group: first!, sub: second, options: options(args) } : { sub: first!, options: options(args) };
      const { edit } = await runDeferred(h, coachCommand(h.ids, people.get(who.id)!, command));
      const content = String((edit.body as { content?: string }).content ?? "");
      // Discord says where a session step's answer went; that is rendering, not the feature.
      return content.startsWith("I've sent the session guide") ? "" : content;
    },
    async dms(who) {
      await h.adapter.idle();
      return h.rest.dmMessages(who.id).map((m) => m.content);
    },
    mention: (who) => `<@${who.id}>`,
    command: (name) => `\`/coach ${name}\``,
    close: () => h.close(),
  };
});
