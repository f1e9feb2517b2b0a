// Gateway dispatches Discord should not send, but that a Discord change, a proxy or its own
// documentation's examples do: discord.js throws while building an Interaction from them, inside
// its packet handler, which used to stop the whole process. Each is now logged and dropped (an
// interaction gets a short private answer), and the next DM is answered as usual.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { wording } from "../../../src/platforms/discord/wording.js";
import { type DiscordHarness, questionIn, startHarness, typeInDm, waitFor } from "./support/harness.js";
import { buttonPress, formSubmit, selectPick, slashCommand, testUser } from "./support/payloads.js";
import { type PostedMessage, snowflake } from "./support/rest-stand-in.js";

const DROPPED = "discord: dropped a gateway event discord.js could not read";
const FAILED = "discord: handling an event failed";
const person = testUser("steady");
let h: DiscordHarness;
let question: PostedMessage;

type Payload = Record<string, unknown>;
const without = (payload: Payload, ...keys: string[]): Payload => Object.fromEntries(Object.entries(payload).filter(([key]) => !keys.includes(key)));
const slash = () => slashCommand(h.ids, person, "help") as Payload;
const button = () => buttonPress(h.ids, person, question, "x|1") as Payload;

// The slash-command example of Discord's API documentation ("Interactions: Receiving and
// Responding"), as printed there: no entitlements, no authorizing_integration_owners, no channel.
const documentationExample = () => ({
  type: 2,
  token: "A_UNIQUE_TOKEN",
  member: {
    user: { id: "53908232506183680", username: "Mason", avatar: "a_d5efa99b3eeaa7dd43acca82f5692432", discriminator: "1337", public_flags: 131141 },
    roles: ["539082325061836999"],
    premium_since: null,
    permissions: "2147483647",
    pending: false,
    nick: null,
    mute: false,
    joined_at: "2017-03-13T19:19:14.040000+00:00",
    is_pending: false,
    deaf: false,
  },
  id: "786008729715212338",
  guild_id: h.ids.guildId,
  app_permissions: "442368",
  guild_locale: "en-US",
  locale: "en-US",
  data: { options: [{ type: 3, name: "cardname", value: "The Gitrog Monster" }], type: 1, name: "cardsearch", id: "771825006014889984" },
  channel_id: h.ids.channelId,
});

/**
 * What the adapter does with it: "answered" (the missing fields have safe defaults, so it is
 * handled like any other), "dropped" (one warning, and a private answer when the interaction
 * can be answered) or "failed" (built, but the handler could not read it: one error line).
 */
type Outcome = "answered" | "dropped" | "failed";

/** [what, event name, payload, outcome]. */
const SHAPES: [string, string, () => unknown, Outcome][] = [
  ["slash command without entitlements", "INTERACTION_CREATE", () => without(slash(), "entitlements"), "answered"],
  ["slash command without authorizing_integration_owners", "INTERACTION_CREATE", () => without(slash(), "authorizing_integration_owners"), "answered"],
  ["slash command without either", "INTERACTION_CREATE", () => without(slash(), "entitlements", "authorizing_integration_owners"), "answered"],
  ["slash-command example from Discord's documentation", "INTERACTION_CREATE", documentationExample, "answered"],
  ["slash command without member or user", "INTERACTION_CREATE", () => without(slash(), "member"), "dropped"],
  [
    "slash command whose member has no user",
    "INTERACTION_CREATE",
    () => ({ ...slash(), member: { roles: [], permissions: "0", joined_at: "2026-01-01T00:00:00.000Z" } }),
    "dropped",
  ],
  ["slash command with member null and user null", "INTERACTION_CREATE", () => ({ ...without(slash(), "member"), user: null }), "dropped"],
  ["slash command without data", "INTERACTION_CREATE", () => without(slash(), "data"), "dropped"],
  ["slash command with data null", "INTERACTION_CREATE", () => ({ ...slash(), data: null }), "dropped"],
  ["button press without message", "INTERACTION_CREATE", () => without(button(), "message"), "dropped"],
  ["button press with message null", "INTERACTION_CREATE", () => ({ ...button(), message: null }), "dropped"],
  ["button press without entitlements", "INTERACTION_CREATE", () => without(button(), "entitlements"), "answered"],
  ["button press without user", "INTERACTION_CREATE", () => without(button(), "user"), "dropped"],
  ["button press with data null", "INTERACTION_CREATE", () => ({ ...button(), data: null }), "dropped"],
  ["select pick without message", "INTERACTION_CREATE", () => without(selectPick(h.ids, person, question, "x|1", "1") as Payload, "message"), "dropped"],
  ["form submit without data", "INTERACTION_CREATE", () => without(formSubmit(h.ids, person, question, "m|1", "60") as Payload, "data"), "dropped"],
  ["interaction null", "INTERACTION_CREATE", () => null, "dropped"],
  ["interaction {}", "INTERACTION_CREATE", () => ({}), "dropped"],
  ["interaction []", "INTERACTION_CREATE", () => [], "dropped"],
  ["interaction with id only", "INTERACTION_CREATE", () => ({ id: snowflake() }), "dropped"],
  ["message null", "MESSAGE_CREATE", () => null, "dropped"],
  ["message {}", "MESSAGE_CREATE", () => ({}), "dropped"],
  ["message without author", "MESSAGE_CREATE", () => ({ id: snowflake(), channel_id: h.rest.dmChannelFor(person.id), type: 0, content: "hi" }), "failed"],
];

const escaped: unknown[] = [];
const onEscape = (error: unknown) => void escaped.push(error);

beforeAll(async () => {
  process.on("unhandledRejection", onEscape);
  process.on("uncaughtException", onEscape);
  h = await startHarness();
  await typeInDm(h, person, "hi");
  question = questionIn(await typeInDm(h, person, "Jo"))!;
});
afterAll(async () => {
  process.off("unhandledRejection", onEscape);
  process.off("uncaughtException", onEscape);
  await h?.close();
});
afterEach(() => expect(escaped).toEqual([]));

describe("Discord: dispatches discord.js cannot read as they are", () => {
  it.each(SHAPES)("%s (%s), and the next DM is answered", async (_what, event, build, outcome) => {
    const payload = build();
    const logged = h.logs.length;
    h.gateway.dispatch(event, payload);
    // Dispatches are handled in order: once the next DM is answered, the bad one was handled.
    const next = testUser(`next${logged}`);
    expect((await typeInDm(h, next, "hi")).length).toBeGreaterThan(0);
    const lines = h.logs.slice(logged);
    expect(lines.filter((line) => line.msg === DROPPED)).toEqual(outcome === "dropped" ? [expect.objectContaining({ level: "warn", event })] : []);
    expect(lines.filter((line) => line.msg === FAILED)).toHaveLength(outcome === "failed" ? 1 : 0);

    const { id, token } = (payload ?? {}) as { id?: unknown; token?: unknown };
    if (event === "INTERACTION_CREATE" && typeof id === "string" && typeof token === "string") {
      const [answer] = await waitFor(() => h.rest.callbacksOf(id).length > 0 && h.rest.callbacksOf(id), `the answer to ${id}`);
      if (outcome === "dropped") expect(answer!.body).toEqual({ type: 4, data: { content: wording.unreadableInteraction, flags: 64 } });
      else expect(answer!.body).not.toMatchObject({ data: { content: wording.unreadableInteraction } });
    }
  });
});
