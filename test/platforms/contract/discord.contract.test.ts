// The coach contract on Discord: the real discord.js client against the REST and gateway stand-ins.

import { discordPath } from "../../../src/platforms/discord/commands.js";
import { allButtons, press, runCallback, runDeferred, startHarness, typeInDm, waitFor } from "../discord/support/harness.js";
import { type CommandOption, coachCommand, pressOn, type TestUser, testUser } from "../discord/support/payloads.js";
import { type PostedMessage, snowflake } from "../discord/support/rest-stand-in.js";
import { type CommandArgs, type ContractChannel, coachContract, type PrivateAnswer } from "./coach.contract.js";

const EPHEMERAL = 64;
/** Discord's "deferred update" callback type: the press is acknowledged, its message edited later. */
const DEFERRED_UPDATE = 6;

coachContract("Discord", async () => {
  const coach = testUser("coach.kim", "Kim");
  const lee = testUser("coach.lee", "Lee");
  const h = await startHarness({ coaches: [coach, lee] });
  const people = new Map<string, TestUser>([
    [coach.id, coach],
    [lee.id, lee],
  ]);
  /** The last private answer each person got, to press its buttons. */
  const lastAnswer = new Map<string, PostedMessage>();
  const channels = new Map<string, ContractChannel>();
  const person = (key: string, name: string) => {
    const user = testUser(key, name);
    people.set(user.id, user);
    return { id: user.id };
  };
  const options = (args: CommandArgs = {}): CommandOption[] => [
    ...(args.user ? [{ type: "user" as const, name: "user", user: people.get(args.user.id)! }] : []),
    ...(args.channel ? [{ type: "channel" as const, name: "channel", channel: args.channel }] : []),
    ...(args.minutes !== undefined ? [{ type: "integer" as const, name: "minutes", value: args.minutes }] : []),
    ...(args.area !== undefined ? [{ type: "string" as const, name: "area", value: args.area }] : []),
    ...(args.number !== undefined ? [{ type: "integer" as const, name: "number", value: args.number }] : []),
    ...(args.note !== undefined ? [{ type: "string" as const, name: "note", value: args.note }] : []),
    ...(args.name !== undefined ? [{ type: "string" as const, name: "name", value: args.name }] : []),
  ];
  const answer = async (who: { id: string }, name: string, args?: CommandArgs): Promise<PrivateAnswer> => {
    const [first, second] = name.split(" ");
    const command = second ? { group: first!, sub: second, options: options(args) } : { sub: first!, options: options(args) };
    const { edit } = await runDeferred(h, coachCommand(h.ids, people.get(who.id)!, command));
    const body = edit.body as { content?: string; components?: any[]; _files?: { name: string; text: string }[] };
    const content = String(body.content ?? "");
    lastAnswer.set(who.id, { id: snowflake(), channel_id: h.ids.channelId, content, components: body.components ?? [], flags: EPHEMERAL } as PostedMessage);
    return {
      // Discord says where a session step's answer went; that is rendering, not the feature.
      text: content.startsWith("I've sent the session guide") ? "" : content,
      files: (body._files ?? []).map((f) => ({ name: f.name, text: f.text })),
      buttons: (body.components ?? []).flatMap((row) => row.components.map((b: { label: string }) => b.label)),
    };
  };
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
      return (await answer(who, name, args)).text;
    },
    answer,
    async pressOnAnswer(who, label) {
      const message = lastAnswer.get(who.id);
      const button = message?.components.flatMap((row: any) => row.components).find((b: { label: string }) => b.label === label);
      if (!message || !button) throw new Error(`no button "${label}" for ${who.id}`);
      const payload = pressOn(h.ids, people.get(who.id)!, message, button.custom_id);
      const callback = await runCallback(h, payload);
      if (callback.body.type !== DEFERRED_UPDATE) return String(callback.body.data?.content ?? "");
      // Stored first (a press that changes data), then the question is edited in place.
      const edits = () => h.rest.callsTo("PATCH", `/webhooks/${h.ids.applicationId}/${payload.token}/messages/@original`);
      const [edit] = await waitFor(() => edits().length > 0 && edits(), "the pressed question's edit");
      return String((edit!.body as { content?: string }).content ?? "");
    },
    channel(key) {
      const found = channels.get(key) ?? { id: snowflake(), name: key };
      channels.set(key, found);
      return found;
    },
    async channelPosts(channel) {
      return (h.rest.posted.get(channel.id) ?? []).map((m) => m.content);
    },
    async dms(who) {
      await h.adapter.idle();
      return h.rest.dmMessages(who.id).map((m) => m.content);
    },
    mention: (who) => `<@${who.id}>`,
    channelMention: (channel) => `<#${channel.id}>`,
    command: (name) => `\`/coach ${discordPath(name)}\``,
    close: () => h.close(),
  };
});
