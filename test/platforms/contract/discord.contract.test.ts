// The coach contract on Discord: the real discord.js client against the REST and gateway stand-ins.

import { allButtons, press, runDeferred, startHarness, typeInDm } from "../discord/support/harness.js";
import { type CommandOption, coachCommand, type TestUser, testUser } from "../discord/support/payloads.js";
import { type CommandArgs, coachContract } from "./coach.contract.js";

coachContract("Discord", async () => {
  const coach = testUser("coach.kim", "Kim");
  const lee = testUser("coach.lee", "Lee");
  const h = await startHarness({ coaches: [coach, lee] });
  const people = new Map<string, TestUser>([
    [coach.id, coach],
    [lee.id, lee],
  ]);
  const person = (key: string, name: string) => {
    const user = testUser(key, name);
    people.set(user.id, user);
    return { id: user.id };
  };
  const options = (args: CommandArgs = {}): CommandOption[] => [
    ...(args.user ? [{ type: "user" as const, name: "user", user: people.get(args.user.id)! }] : []),
    ...(args.minutes !== undefined ? [{ type: "integer" as const, name: "minutes", value: args.minutes }] : []),
    ...(args.area !== undefined ? [{ type: "string" as const, name: "area", value: args.area }] : []),
  ];
  return {
    prisma: h.db.prisma,
    coach: { id: coach.id },
    coachName: "Kim",
    otherCoach: { id: lee.id },
    otherCoachName: "Lee",
    async press(who, label) {
      const message = [...h.rest.dmMessages(who.id)].reverse().find((m) => allButtons(m).some((b) => b.label === label));
      if (!message) throw new Error(`no DM to ${who.id} shows a button "${label}"`);
      await press(h, people.get(who.id)!, message, label);
    },
    async type(who, typed) {
      await typeInDm(h, people.get(who.id)!, typed);
    },
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
