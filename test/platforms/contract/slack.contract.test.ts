// The coach contract on Slack: the real Bolt app over signed HTTP against the Web API stand-in.

import { startWorld } from "../slack/support/world.js";
import { type CommandArgs, type ContractPerson, coachContract } from "./coach.contract.js";

coachContract("Slack", async () => {
  const world = await startWorld({ coachUserIds: ["U_COACH", "U_LEE"] });
  const idOf = (key: string) => `U_${key.toUpperCase()}`;
  const text = (name: string, args: CommandArgs = {}) =>
    [name, args.user ? `<@${args.user.id}|x>` : "", args.minutes ?? "", args.area ?? ""].filter((p) => p !== "").join(" ");
  const seen = new Map<string, number>();
  return {
    prisma: world.db.prisma,
    coach: { id: "U_COACH" },
    // The Web API stand-in names everyone "Person <id>" in users.info.
    coachName: "Person U_COACH",
    otherCoach: { id: "U_LEE" },
    otherCoachName: "Person U_LEE",
    async press(who, label) {
      await world.user(who.id).press(label);
    },
    async type(who, typed) {
      await world.user(who.id).dm(typed);
    },
    person: (key) => ({ id: idOf(key) }),
    async run(who: ContractPerson, name, args) {
      const user = world.user(who.id);
      user.newReplies();
      await user.command(text(name, args));
      return user.newReplies().join("\n");
    },
    async dms(who) {
      const all = world
        .user(who.id)
        .posted()
        .map((m) => m.text ?? "");
      const from = seen.get(who.id) ?? 0;
      seen.set(who.id, all.length);
      return all.slice(from);
    },
    mention: (who) => `<@${who.id}>`,
    command: (name) => `\`/coach ${name}\``,
    close: () => world.close(),
  };
});
