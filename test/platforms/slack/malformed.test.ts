// Signed requests and Socket Mode frames that Slack would never send, but that a bug, a proxy
// or someone holding the signing secret could: each is refused with a log line (and a 400 over
// HTTP), nothing unhandled escapes Bolt or the Socket Mode client, and the next ordinary DM is
// still answered. Before the edge check, a signed `null` stopped the process.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BOT } from "./support/fake-slack-api.js";
import { eventEnvelope } from "./support/slack-requests.js";
import { startWorld, type World } from "./support/world.js";

const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";
const dmEvent = (user: string, text = "hi") => ({
  type: "message",
  channel: `D${user.slice(1)}`,
  channel_type: "im",
  user,
  text,
  ts: "1710000000.000100",
  team: BOT.teamId,
});
const envelope = (event: unknown, extra: Record<string, unknown> = {}) => ({ ...eventEnvelope({}, { eventId: "Ev_MALFORMED" }), event, ...extra });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const command = (omit: string) => {
  const fields: Record<string, string> = { command: "/coach", text: "help", user_id: "U_CMD", team_id: BOT.teamId, channel_id: "D_CMD", trigger_id: "1.2.3" };
  delete fields[omit];
  return form(fields);
};

/** [what, body, content type]: every one is signed with the real signing secret. */
const HTTP_SHAPES: [string, string, string][] = [
  ["JSON null", "null", JSON_TYPE],
  ["JSON empty array", "[]", JSON_TYPE],
  ["JSON string", '"x"', JSON_TYPE],
  ["JSON number", "42", JSON_TYPE],
  ["JSON true", "true", JSON_TYPE],
  ["empty object", "{}", JSON_TYPE],
  ["empty body", "", JSON_TYPE],
  ["not JSON", "{", JSON_TYPE],
  ["event_callback without event", JSON.stringify({ type: "event_callback", team_id: BOT.teamId, event_id: "Ev1" }), JSON_TYPE],
  ["event_callback with event null", JSON.stringify(envelope(null)), JSON_TYPE],
  ["event_callback with event an array", JSON.stringify(envelope([])), JSON_TYPE],
  ["event without type", JSON.stringify(envelope({ user: "U_X", text: "hi" })), JSON_TYPE],
  ["message event without user", JSON.stringify(envelope({ type: "message", channel: "D_X", channel_type: "im", text: "hi", ts: "1.2" })), JSON_TYPE],
  ["event_callback without team_id", JSON.stringify(envelope(dmEvent("U_X"), { team_id: undefined })), JSON_TYPE],
  ["event_callback with event_id null", JSON.stringify(envelope(dmEvent("U_X"), { event_id: null })), JSON_TYPE],
  ["url_verification without challenge", JSON.stringify({ type: "url_verification", token: "t" }), JSON_TYPE],
  ["url_verification with challenge null", JSON.stringify({ type: "url_verification", challenge: null }), JSON_TYPE],
  ["type a number", JSON.stringify({ type: 42 }), JSON_TYPE],
  ["interactive payload=null", form({ payload: "null" }), FORM_TYPE],
  ["interactive payload not JSON", form({ payload: "{not json" }), FORM_TYPE],
  ["interactive payload an array", form({ payload: "[]" }), FORM_TYPE],
  ["interactive payload a string", form({ payload: '"x"' }), FORM_TYPE],
  ["interactive payload {}", form({ payload: "{}" }), FORM_TYPE],
  ["block_actions without user", form({ payload: JSON.stringify({ type: "block_actions", actions: [] }) }), FORM_TYPE],
  ["block_actions with user null", form({ payload: JSON.stringify({ type: "block_actions", user: null, actions: [] }) }), FORM_TYPE],
  ["view_submission with user without id", form({ payload: JSON.stringify({ type: "view_submission", user: {}, view: {} }) }), FORM_TYPE],
  ["slash command without user_id", command("user_id"), FORM_TYPE],
  ["slash command without team_id", command("team_id"), FORM_TYPE],
  ["slash command without channel_id", command("channel_id"), FORM_TYPE],
  ["empty form", "", FORM_TYPE],
];

/** [what, the frame's text]. */
const SOCKET_SHAPES: [string, string][] = [
  ["null", "null"],
  ["empty array", "[]"],
  ["string", '"x"'],
  ["not JSON", "{"],
  ["empty object", "{}"],
  ["events_api without envelope_id or payload", JSON.stringify({ type: "events_api" })],
  ["events_api without payload", JSON.stringify({ type: "events_api", envelope_id: "m-1" })],
  ["events_api with payload null", JSON.stringify({ type: "events_api", envelope_id: "m-2", payload: null })],
  ["events_api with payload {}", JSON.stringify({ type: "events_api", envelope_id: "m-3", payload: {} })],
  ["events_api with event null", JSON.stringify({ type: "events_api", envelope_id: "m-4", payload: envelope(null) })],
  ["events_api with an event without type", JSON.stringify({ type: "events_api", envelope_id: "m-5", payload: envelope({ user: "U_X" }) })],
  ["slash_commands with payload null", JSON.stringify({ type: "slash_commands", envelope_id: "m-6", payload: null })],
  [
    "slash_commands without user_id",
    JSON.stringify({ type: "slash_commands", envelope_id: "m-7", payload: { command: "/coach", team_id: BOT.teamId, channel_id: "D1" } }),
  ],
  ["interactive with payload null", JSON.stringify({ type: "interactive", envelope_id: "m-8", payload: null })],
  ["interactive without user", JSON.stringify({ type: "interactive", envelope_id: "m-9", payload: { type: "block_actions", actions: [] } })],
  ["type null", JSON.stringify({ type: null, envelope_id: "m-10", payload: {} })],
  ["unknown type", JSON.stringify({ type: "something_new", envelope_id: "m-11", payload: {} })],
];

// Anything that escapes the adapter's handling lands here (in production it stopped the process).
const escaped: unknown[] = [];
const onEscape = (error: unknown) => void escaped.push(error);
beforeAll(() => {
  process.on("unhandledRejection", onEscape);
  process.on("uncaughtException", onEscape);
});
afterAll(() => {
  process.off("unhandledRejection", onEscape);
  process.off("uncaughtException", onEscape);
});

const warningsSince = (world: World, from: number) => world.logs.slice(from).filter((line) => JSON.parse(line).level === "warn");

describe("Slack over HTTP: signed but malformed bodies", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });
  afterEach(() => expect(escaped).toEqual([]));

  it.each(HTTP_SHAPES)("%s: 400, one warning, and the next DM is answered", async (_what, body, contentType) => {
    const logged = world.logs.length;
    const response = await world.send.post(body, contentType);
    expect(response.status).toBe(400);
    await world.slack.idle();
    expect(warningsSince(world, logged)).toHaveLength(1);

    const next = world.user(`U_NEXT_${world.logs.length}`);
    expect((await next.dm("hi")).status).toBe(200);
    expect(next.newReplies().length).toBeGreaterThan(0);
  });

  it("still checks the signature first: a forged malformed body gets 401, not 400", async () => {
    const response = await world.send.post("null", JSON_TYPE, { secret: "not-the-signing-secret" });
    expect(response.status).toBe(401);
  });
});

describe("Slack over Socket Mode: malformed frames", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ mode: "socket" });
  });
  afterAll(async () => {
    await world?.close();
  });
  afterEach(() => expect(escaped).toEqual([]));

  it.each(SOCKET_SHAPES)("%s: dropped with one warning, and the next DM is answered", async (_what, frame) => {
    const logged = world.logs.length;
    world.socket!.sendRaw(frame);
    const user = `U_NEXT_${logged}`;
    // Frames are handled in order: once the next DM is acknowledged, the bad frame was handled.
    const ack = await world.socket!.deliver("events_api", eventEnvelope(dmEvent(user), { eventId: `Ev_${user}` }));
    expect(ack.envelope_id).toMatch(/^env-/);
    await world.slack.idle();
    expect(warningsSince(world, logged)).toHaveLength(1);
    expect(world.user(user).newReplies().length).toBeGreaterThan(0);
  });
});
