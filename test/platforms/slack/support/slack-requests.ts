// Requests as Slack sends them to the app: signed with v0 HMAC-SHA256 over "v0:<ts>:<body>",
// events as JSON, interactivity as form-encoded `payload=`, slash commands form-encoded.
import { createHmac } from "node:crypto";
import { BOT } from "./fake-slack-api.js";

export const SIGNING_SECRET = "test-signing-secret-0123456789";

export interface SendOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with another secret (a forged request). */
  secret?: string;
  headers?: Record<string, string>;
  /** The workspace (team id) the request comes from; default the Acme workspace. */
  team?: string;
}

export interface SlackResponse {
  status: number;
  text: string;
  json(): unknown;
  ms: number;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export class SlackSender {
  private sequence = 0;

  constructor(private readonly baseUrl: string) {}

  async post(body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const started = Date.now();
    const response = await fetch(`${this.baseUrl}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signature(options.secret ?? SIGNING_SECRET, timestamp, body),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, json: () => JSON.parse(text), ms: Date.now() - started };
  }

  /** An Events API delivery of a DM (`message.im`) from `user`. */
  dm(user: string, text: string, options: SendOptions & { eventId?: string; event?: Record<string, unknown> } = {}): Promise<SlackResponse> {
    const n = ++this.sequence;
    const event = {
      type: "message",
      channel: `D${user.slice(1)}`,
      channel_type: "im",
      user,
      text,
      ts: `1710000000.${String(n).padStart(6, "0")}`,
      team: options.team ?? BOT.teamId,
      ...options.event,
    };
    return this.event(event, { ...options, eventId: options.eventId ?? `Ev${Date.now()}${n}` });
  }

  event(event: Record<string, unknown>, options: SendOptions & { eventId: string; botUserId?: string }): Promise<SlackResponse> {
    return this.post(JSON.stringify(eventEnvelope(event, options)), "application/json", options);
  }

  interaction(payload: Record<string, unknown>, options: SendOptions = {}): Promise<SlackResponse> {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return this.post(body, "application/x-www-form-urlencoded", options);
  }

  command(user: string, text: string, options: SendOptions & { channelName?: string } = {}): Promise<SlackResponse> {
    const n = ++this.sequence;
    const fields = new URLSearchParams({
      token: "legacy-verification-token",
      team_id: options.team ?? BOT.teamId,
      team_domain: options.team ? options.team.toLowerCase() : "acme",
      channel_id: options.channelName === undefined ? `D${user.slice(1)}` : "C_GENERAL",
      channel_name: options.channelName ?? "directmessage",
      user_id: user,
      user_name: user.toLowerCase(),
      command: "/coach",
      text,
      api_app_id: "A_COACH",
      response_url: "http://127.0.0.1:9/commands/response",
      trigger_id: `trig.${Date.now()}.${n}`,
    });
    return this.post(fields.toString(), "application/x-www-form-urlencoded", options);
  }

  /** Pressing a button of a message as Slack reports it (block_actions). */
  pressButton(
    user: string,
    message: PostedMessage,
    button: { block_id: string; action_id: string; text: string; value?: string },
    options: SendOptions = {},
  ): Promise<SlackResponse> {
    const n = ++this.sequence;
    return this.interaction(
      {
        ...interactionBase(user, n, options.team),
        container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        channel: { id: message.channel, name: "directmessage" },
        message: { type: "message", user: BOT.userId, bot_id: BOT.botId, ts: message.ts, text: message.text, blocks: message.blocks },
        response_url: "http://127.0.0.1:9/actions/response",
        actions: [
          {
            type: "button",
            block_id: button.block_id,
            action_id: button.action_id,
            text: { type: "plain_text", text: button.text, emoji: true },
            ...(button.value === undefined ? {} : { value: button.value }),
            action_ts: `1710000${n}.123456`,
          },
        ],
      },
      options,
    );
  }

  pickOption(
    user: string,
    message: PostedMessage,
    select: { block_id: string; action_id: string },
    option: { text: string; value: string },
  ): Promise<SlackResponse> {
    const n = ++this.sequence;
    return this.interaction({
      ...interactionBase(user, n),
      container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      channel: { id: message.channel, name: "directmessage" },
      message: { type: "message", user: BOT.userId, ts: message.ts, text: message.text, blocks: message.blocks },
      actions: [
        {
          type: "static_select",
          block_id: select.block_id,
          action_id: select.action_id,
          selected_option: { text: { type: "plain_text", text: option.text }, value: option.value },
          action_ts: `1710000${n}.654321`,
        },
      ],
    });
  }

  /** Submitting a modal that the app opened with views.open (the view as views.open returned it). */
  submitView(user: string, view: { id: string; callback_id?: string; private_metadata?: string }, value: string): Promise<SlackResponse> {
    return this.submitViewState(user, view, { answer: { text: { type: "plain_text_input", value } } });
  }

  /** Submitting a modal with several inputs: `values` as Slack reports them, by block_id then action_id. */
  submitViewState(
    user: string,
    view: { id: string; callback_id?: string; private_metadata?: string },
    values: Record<string, Record<string, Record<string, unknown>>>,
    options: SendOptions = {},
  ): Promise<SlackResponse> {
    const n = ++this.sequence;
    const team = options.team ?? BOT.teamId;
    return this.interaction(
      {
        type: "view_submission",
        team: { id: team, domain: team.toLowerCase() },
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
        api_app_id: "A_COACH",
        token: "legacy-verification-token",
        trigger_id: `trig.view.${n}`,
        view: {
          id: view.id,
          team_id: team,
          type: "modal",
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          hash: `hash${n}`,
          state: { values },
        },
        response_urls: [],
      },
      options,
    );
  }
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
}

/** An Events API envelope as Slack sends it, over HTTP or inside a Socket Mode `events_api` message. */
export function eventEnvelope(event: Record<string, unknown>, options: { eventId: string; team?: string; botUserId?: string }): Record<string, unknown> {
  const team = options.team ?? BOT.teamId;
  return {
    token: "legacy-verification-token",
    team_id: team,
    api_app_id: "A_COACH",
    event,
    type: "event_callback",
    event_id: options.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: team, user_id: options.botUserId ?? BOT.userId, is_bot: true, is_enterprise_install: false }],
  };
}

function interactionBase(user: string, n: number, team: string = BOT.teamId) {
  return {
    type: "block_actions",
    team: { id: team, domain: team.toLowerCase() },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: team },
    api_app_id: "A_COACH",
    token: "legacy-verification-token",
    trigger_id: `trig.action.${n}`,
  };
}
