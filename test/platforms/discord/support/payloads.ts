// Gateway dispatch payloads shaped like Discord's (API v10), for the events the adapter handles.
import { type PostedMessage, snowflake } from "./rest-stand-in.js";

export interface TestUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: "0";
  avatar: null;
}

export const testUser = (username: string, globalName: string | null = null): TestUser => ({
  id: snowflake(),
  username,
  global_name: globalName,
  discriminator: "0",
  avatar: null,
});

export interface Ids {
  applicationId: string;
  guildId: string;
  channelId: string;
}

const common = (ids: Ids, id: string) => ({
  id,
  application_id: ids.applicationId,
  token: `token-${id}`,
  version: 1,
  app_permissions: "2248473465835073",
  locale: "en-US",
  entitlements: [],
  attachment_size_limit: 10_485_760,
});

/** `/coach <subcommand>` typed in the guild's channel (INTERACTION_CREATE, type 2). */
export function slashCommand(ids: Ids, user: TestUser, subcommand: string, userOption?: TestUser) {
  const id = snowflake();
  return {
    ...common(ids, id),
    type: 2,
    data: {
      id: snowflake(),
      name: "coach",
      type: 1,
      options: [{ type: 1, name: subcommand, ...(userOption ? { options: [{ type: 6, name: "user", value: userOption.id }] } : {}) }],
      ...(userOption ? { resolved: { users: { [userOption.id]: userOption } } } : {}),
    },
    guild_id: ids.guildId,
    guild_locale: "en-US",
    channel_id: ids.channelId,
    channel: { id: ids.channelId, type: 0, guild_id: ids.guildId, name: "general", position: 0, permission_overwrites: [] },
    member: {
      user,
      roles: [],
      permissions: "2248473465835073",
      joined_at: "2026-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      pending: false,
    },
    authorizing_integration_owners: { "0": ids.guildId },
    context: 0,
  };
}

const inDm = (ids: Ids, user: TestUser, message: PostedMessage, id: string) => ({
  ...common(ids, id),
  channel_id: message.channel_id,
  channel: { id: message.channel_id, type: 1, flags: 0, last_message_id: message.id, recipients: [user] },
  user,
  message,
  authorizing_integration_owners: { "0": ids.guildId },
  context: 1,
});

/** A press on a button of a message the bot posted in the DM (type 3, component_type 2). */
export function buttonPress(ids: Ids, user: TestUser, message: PostedMessage, customId: string) {
  const id = snowflake();
  return { ...inDm(ids, user, message, id), type: 3, data: { custom_id: customId, component_type: 2 } };
}

/** A pick in a string select of a message the bot posted (type 3, component_type 3). */
export function selectPick(ids: Ids, user: TestUser, message: PostedMessage, customId: string, value: string) {
  const id = snowflake();
  return { ...inDm(ids, user, message, id), type: 3, data: { custom_id: customId, component_type: 3, values: [value] } };
}

/** The submit of a form opened from a message's button (type 5, a Label around a text input). */
export function formSubmit(ids: Ids, user: TestUser, message: PostedMessage, customId: string, value: string) {
  const id = snowflake();
  return {
    ...inDm(ids, user, message, id),
    type: 5,
    data: { custom_id: customId, components: [{ type: 18, id: 1, component: { type: 4, id: 2, custom_id: "answer", value } }] },
  };
}

/** A DM the user typed to the bot (MESSAGE_CREATE without guild_id). */
export function directMessage(user: TestUser, channelId: string, content: string) {
  return {
    id: snowflake(),
    channel_id: channelId,
    channel_type: 1,
    type: 0,
    author: user,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    nonce: snowflake(),
  };
}

/** Permission bits (Discord API reference, "Permissions"). */
export const PERMISSIONS = {
  /** What slashCommand's member holds: a plain member (no Manage Server). */
  member: "2248473465835073",
  /** A plain member plus Manage Server (1 << 5). */
  manageServer: String(2248473465835073n | (1n << 5n)),
} as const;

export interface MemberShape {
  roles?: string[];
  permissions?: string;
}

const memberOf = (user: TestUser, shape: MemberShape = {}) => ({
  user,
  roles: shape.roles ?? [],
  permissions: shape.permissions ?? PERMISSIONS.member,
  joined_at: "2026-01-01T00:00:00.000Z",
  deaf: false,
  mute: false,
  flags: 0,
  nick: null,
  avatar: null,
  pending: false,
});

export type CommandOption =
  | { type: "user"; name: string; user: TestUser }
  | { type: "string"; name: string; value: string }
  | { type: "integer"; name: string; value: number }
  | { type: "channel"; name: string; channel: { id: string; name: string } };

const OPTION_TYPES = { user: 6, string: 3, integer: 4, channel: 7 } as const;

/**
 * `/coach [group] <sub> option:value ...`, typed in the guild's channel (default) or in the DM
 * with the bot (`inDm`, then without a member).
 */
export function coachCommand(
  ids: Ids,
  user: TestUser,
  command: { group?: string; sub: string; options?: CommandOption[] },
  where: { member?: MemberShape; inDm?: { channelId: string } } = {},
) {
  const id = snowflake();
  const options = (command.options ?? []).map((o) => ({
    type: OPTION_TYPES[o.type],
    name: o.name,
    value: o.type === "user" ? o.user.id : o.type === "channel" ? o.channel.id : o.value,
  }));
  const users = Object.fromEntries((command.options ?? []).flatMap((o) => (o.type === "user" ? [[o.user.id, o.user]] : [])));
  const channels = Object.fromEntries(
    (command.options ?? []).flatMap((o) =>
      o.type === "channel" ? [[o.channel.id, { id: o.channel.id, name: o.channel.name, type: 0, permissions: PERMISSIONS.member }]] : [],
    ),
  );
  const sub = { type: 1, name: command.sub, ...(options.length ? { options } : {}) };
  const resolved = {
    ...(Object.keys(users).length ? { users } : {}),
    ...(Object.keys(channels).length ? { channels } : {}),
  };
  const data = {
    id: snowflake(),
    name: "coach",
    type: 1,
    options: [command.group ? { type: 2, name: command.group, options: [sub] } : sub],
    ...(Object.keys(resolved).length ? { resolved } : {}),
  };
  if (where.inDm) {
    const channelId = where.inDm.channelId;
    return {
      ...common(ids, id),
      type: 2,
      data,
      channel_id: channelId,
      channel: { id: channelId, type: 1, flags: 0, last_message_id: null, recipients: [user] },
      user,
      authorizing_integration_owners: { "0": ids.guildId },
      context: 1,
    };
  }
  return {
    ...common(ids, id),
    type: 2,
    data,
    guild_id: ids.guildId,
    guild_locale: "en-US",
    channel_id: ids.channelId,
    channel: { id: ids.channelId, type: 0, guild_id: ids.guildId, name: "general", position: 0, permission_overwrites: [] },
    member: memberOf(user, where.member),
    authorizing_integration_owners: { "0": ids.guildId },
    context: 0,
  };
}

/** Where a component's message is: a guild channel (the member pressed it there) or a DM. */
const onMessage = (ids: Ids, user: TestUser, message: PostedMessage, id: string, guildChannel: boolean) =>
  guildChannel
    ? {
        ...common(ids, id),
        guild_id: ids.guildId,
        guild_locale: "en-US",
        channel_id: message.channel_id,
        channel: { id: message.channel_id, type: 0, guild_id: ids.guildId, name: "team", position: 0, permission_overwrites: [] },
        member: memberOf(user),
        message,
        authorizing_integration_owners: { "0": ids.guildId },
        context: 0,
      }
    : inDm(ids, user, message, id);

/** A press on a button of `message`, in a guild channel (default) or a DM. */
export function pressOn(ids: Ids, user: TestUser, message: PostedMessage, customId: string, { guildChannel = true } = {}) {
  const id = snowflake();
  return { ...onMessage(ids, user, message, id, guildChannel), type: 3, data: { custom_id: customId, component_type: 2 } };
}

export interface TeamFormValues {
  achievement: string;
  mood: string;
  note?: string;
  share?: "yes" | "no";
}

/** The submit of the team check-in form opened from `message` (Labels around inputs and a select). */
export function teamFormSubmit(ids: Ids, user: TestUser, message: PostedMessage, customId: string, values: TeamFormValues, { guildChannel = true } = {}) {
  const id = snowflake();
  const text = (n: number, customIdOf: string, value: string) => ({ type: 18, id: n, component: { type: 4, id: n + 1, custom_id: customIdOf, value } });
  return {
    ...onMessage(ids, user, message, id, guildChannel),
    type: 5,
    data: {
      custom_id: customId,
      components: [
        text(1, "achievement", values.achievement),
        text(3, "mood", values.mood),
        text(5, "note", values.note ?? ""),
        { type: 18, id: 7, component: { type: 3, id: 8, custom_id: "share", values: [values.share ?? "no"] } },
      ],
    },
  };
}
