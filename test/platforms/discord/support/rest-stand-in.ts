// A local stand-in for Discord's REST API: records every call and answers the way Discord does
// for the routes the adapter uses. discord.js reaches it through `rest: { api }` and composes
// `${api}/v10${route}`, so everything below is matched after the "/api/v10" prefix.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, without the query string. */
  path: string;
  query: URLSearchParams;
  body: any;
}

export interface PostedMessage {
  id: string;
  channel_id: string;
  content: string;
  components: any[];
  [key: string]: unknown;
}

interface ScriptedError {
  method: string;
  path: string | RegExp;
  status: number;
  body: { code: number; message: string; retry_after?: number; global?: boolean };
  headers?: Record<string, string>;
  remaining: number;
}

export const snowflake = (() => {
  let next = 1_300_000_000_000_000_000n;
  return () => String(next++);
})();

export class DiscordRestStandIn {
  readonly calls: RecordedCall[] = [];
  /** Messages the bot posted, per channel id, in order. */
  readonly posted = new Map<string, PostedMessage[]>();
  private readonly dmChannelOf = new Map<string, string>();
  /** Members of the guild GET /guilds/{id}/members/{user} knows, with their role ids. */
  readonly memberRoles = new Map<string, string[]>();
  /** Users GET /users/{id} knows (e.g. coaches listed in COACH_USER_IDS). */
  readonly users = new Map<string, { id: string; username: string; global_name: string | null; discriminator: string; avatar: null }>();
  private readonly errors: ScriptedError[] = [];
  private server!: Server;
  /** Every answer is held this long, like a distant platform (benchmarks; 0 in tests). */
  latencyMs = 0;
  /** When set, requests beyond this many per second (bursts up to it) get a global 429, as Discord's 50/s. */
  globalLimitPerSecond: number | undefined;
  /** 429s answered because of `globalLimitPerSecond`. */
  globalRateLimited = 0;
  /** When all of the global limit's slots are free again (a generic cell rate rule, burst = the limit). */
  private globalFreeAt = 0;
  apiUrl = "";
  gatewayUrl = "";

  constructor(private readonly bot: { id: string; username: string }) {}

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.apiUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `times` calls matching method and path fail like Discord would. */
  failNext(
    method: string,
    path: string | RegExp,
    status: number,
    body: ScriptedError["body"],
    times = 1,
    /** e.g. a 429's Retry-After and X-RateLimit-Scope */
    headers?: Record<string, string>,
  ): void {
    this.errors.push({ method, path, status, body, remaining: times, ...(headers ? { headers } : {}) });
  }

  /** The DM channel the bot opened with a user (created on demand, like Discord). */
  dmChannelFor(userId: string): string {
    let id = this.dmChannelOf.get(userId);
    if (!id) {
      id = snowflake();
      this.dmChannelOf.set(userId, id);
    }
    return id;
  }

  dmMessages(userId: string): PostedMessage[] {
    return this.posted.get(this.dmChannelFor(userId)) ?? [];
  }

  callsTo(method: string, path: string | RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (typeof path === "string" ? c.path === path : path.test(c.path)));
  }

  /** Interaction callbacks (acknowledgements) for one interaction id. */
  callbacksOf(interactionId: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === "POST" && c.path.startsWith(`/interactions/${interactionId}/`));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    // discord.js percent-encodes "@original"; Discord reads both forms.
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, "");
    const call: RecordedCall = { method: req.method ?? "GET", path, query: url.searchParams, body: await parseBody(raw, req.headers["content-type"]) };
    this.calls.push(call);
    // Counted on arrival, answered after the latency.
    const retryAfterMs = this.globalLimitPerSecond === undefined ? 0 : this.overGlobalLimit();
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (retryAfterMs > 0) {
      this.globalRateLimited++;
      const retryAfter = retryAfterMs / 1000;
      return send(
        res,
        429,
        { code: 0, message: "You are being rate limited.", retry_after: retryAfter, global: true },
        {
          "retry-after": retryAfter.toFixed(3),
          "x-ratelimit-global": "true",
          "x-ratelimit-scope": "global",
        },
      );
    }

    const scripted = this.errors.find((e) => e.remaining > 0 && e.method === call.method && (typeof e.path === "string" ? e.path === path : e.path.test(path)));
    if (scripted) {
      scripted.remaining--;
      return send(res, scripted.status, scripted.body, scripted.headers);
    }

    const route = `${call.method} ${path}`;
    let m: RegExpMatchArray | null;
    if (route === "GET /gateway/bot") {
      return send(res, 200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if ((m = route.match(/^PUT \/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const commands = (call.body as any[]).map((c) => ({ id: snowflake(), application_id: m![1], guild_id: m![2], version: snowflake(), ...c }));
      return send(res, 200, commands);
    }
    if (route === "POST /users/@me/channels") {
      const recipient = call.body.recipient_id as string;
      return send(res, 200, {
        id: this.dmChannelFor(recipient),
        type: 1,
        last_message_id: null,
        flags: 0,
        recipients: [{ id: recipient, username: `user${recipient.slice(-4)}`, discriminator: "0", global_name: null, avatar: null }],
      });
    }
    if ((m = route.match(/^GET \/guilds\/(\d+)\/members\/(\d+)$/))) {
      const roles = this.memberRoles.get(m[2]!);
      const user = this.users.get(m[2]!) ?? { id: m[2]!, username: `user${m[2]!.slice(-4)}`, global_name: null, discriminator: "0", avatar: null };
      if (!roles) return send(res, 404, { code: 10007, message: "Unknown Member" });
      return send(res, 200, {
        user,
        roles,
        joined_at: "2026-01-01T00:00:00.000Z",
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
        avatar: null,
        pending: false,
      });
    }
    if ((m = route.match(/^GET \/users\/(\d+)$/))) {
      const known = this.users.get(m[1]!);
      return known ? send(res, 200, known) : send(res, 404, { code: 10013, message: "Unknown User" });
    }
    if ((m = route.match(/^PATCH \/channels\/(\d+)\/messages\/(\d+)$/))) {
      const messages = this.posted.get(m[1]!) ?? [];
      const at = messages.findIndex((x) => x.id === m![2]);
      if (at < 0) return send(res, 404, { code: 10008, message: "Unknown Message" });
      const edited: PostedMessage = {
        ...messages[at]!,
        content: call.body?.content ?? messages[at]!.content,
        components: call.body?.components ?? messages[at]!.components,
        edited_timestamp: new Date().toISOString(),
      };
      messages[at] = edited;
      return send(res, 200, edited);
    }
    if ((m = route.match(/^POST \/channels\/(\d+)\/messages$/))) {
      const message = this.message(m[1]!, call.body);
      this.posted.set(m[1]!, [...(this.posted.get(m[1]!) ?? []), message]);
      return send(res, 200, message);
    }
    if ((m = route.match(/^POST \/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return send(res, 204);
    }
    if ((m = route.match(/^PATCH \/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
      return send(res, 200, this.message(snowflake(), call.body));
    }
    if ((m = route.match(/^POST \/webhooks\/(\d+)\/([^/]+)$/))) {
      return send(res, 200, this.message(snowflake(), call.body));
    }
    return send(res, 404, { code: 0, message: "404: Not Found" });
  }

  /** Takes a slot of the global limit for this request: 0, or how long it should have waited (ms). */
  private overGlobalLimit(): number {
    const interval = 1000 / this.globalLimitPerSecond!;
    const now = Date.now();
    const freeAt = Math.max(now, this.globalFreeAt);
    const wait = freeAt - now - (this.globalLimitPerSecond! - 1) * interval;
    if (wait > 0) return wait;
    this.globalFreeAt = freeAt + interval;
    return 0;
  }

  private message(channelId: string, body: any): PostedMessage {
    return {
      id: snowflake(),
      channel_id: channelId,
      type: 0,
      author: { id: this.bot.id, username: this.bot.username, discriminator: "0", global_name: null, avatar: null, bot: true },
      content: body?.content ?? "",
      components: body?.components ?? [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      flags: body?.flags ?? 0,
      ...(body?.nonce ? { nonce: body.nonce } : {}),
    };
  }
}

/** A message the bot posted in a channel (not a DM), by id, with its edits applied. */
export function messageIn(rest: DiscordRestStandIn, channelId: string, messageId: string): PostedMessage | undefined {
  return rest.posted.get(channelId)?.find((m) => m.id === messageId);
}

/**
 * JSON, or multipart/form-data as discord.js sends files: `payload_json` becomes the body and the
 * files are added to it as `_files` ({ name, text }).
 */
async function parseBody(raw: string, contentType: string | undefined): Promise<any> {
  if (!raw) return undefined;
  if (!contentType?.startsWith("multipart/form-data")) return JSON.parse(raw);
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  const payload = form.get("payload_json");
  const body = typeof payload === "string" ? JSON.parse(payload) : {};
  const files: { field: string; name: string; text: string }[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value !== "string") files.push({ field, name: value.name, text: await value.text() });
  }
  return { ...body, _files: files };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}
