// Gateway dispatch payloads shaped like Discord's (API v10), for the events the adapter handles.
import { snowflake, type PostedMessage } from "./rest-stand-in.js";

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
