// The coach contract on Slack: the real Bolt app over signed HTTP against the Web API stand-in.

import { buttonsOf, messageText, startWorld } from "../slack/support/world.js";
import { type CommandArgs, type ContractChannel, type ContractPerson, coachContract, type PrivateAnswer } from "./coach.contract.js";

coachContract("Slack", async () => {
  const world = await startWorld({ coachUserIds: ["U_COACH", "U_LEE"] });
  const idOf = (key: string) => `U_${key.toUpperCase()}`;
  const text = (name: string, args: CommandArgs = {}) =>
    [
      name,
      args.user ? `<@${args.user.id}|x>` : "",
      args.channel ? `<#${args.channel.id}|${args.channel.name}>` : "",
      args.minutes ?? "",
      args.area ?? "",
      args.name ?? "",
      args.number ?? "",
      args.note ?? "",
    ]
      .filter((p) => p !== "")
      .join(" ");
  const seen = new Map<string, number>();
  /** Files uploaded into `who`'s DM so far. */
  const filesTo = (who: ContractPerson) => [...world.api.files.values()].filter((f) => f.channel === `D${who.id.slice(1)}`);
  const answer = async (who: ContractPerson, name: string, args?: CommandArgs): Promise<PrivateAnswer> => {
    const user = world.user(who.id);
    user.newReplies();
    const before = filesTo(who).length;
    const postedBefore = user.posted().length;
    // Typed where the command is about: a team's channel, otherwise the DM.
    await user.command(text(name, args), args?.channel ? { channelName: args.channel.name } : {});
    const files = filesTo(who).slice(before);
    const fresh = user.posted().slice(postedBefore);
    return {
      // An export's text is the upload's comment.
      text: [...user.newReplies(), ...files.map((f) => f.initialComment ?? "")].join("\n"),
      files: files.map((f) => ({ name: f.filename, text: f.content })),
      buttons: fresh.flatMap((m) => buttonsOf(m).map((b) => b.text)),
    };
  };
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
    async run(who, name, args) {
      return (await answer(who, name, args)).text;
    },
    answer,
    async pressOnAnswer(who, label) {
      const user = world.user(who.id);
      const found = user.findButton(label);
      if (!found) throw new Error(`no button "${label}" for ${who.id}`);
      user.newReplies();
      await user.pressOn(found.message, found.button);
      const fresh = user.newReplies();
      // A settled question is replaced in place (chat.update): read the message as it is now.
      return fresh.length > 0 ? fresh.join("\n") : messageText(world.api.message(found.message.channel, found.message.ts)!);
    },
    channel: (key): ContractChannel => ({ id: `C_${key.toUpperCase()}`, name: key }),
    async channelPosts(channel) {
      return world.api
        .callsTo("chat.postMessage")
        .filter((c) => c.body.channel === channel.id && c.response.ok === true)
        .map((c) => messageText(world.api.message(channel.id, String(c.response.ts))!));
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
    channelMention: (channel) => `<#${channel.id}>`,
    command: (name) => `\`/coach ${name}\``,
    close: () => world.close(),
  };
});
