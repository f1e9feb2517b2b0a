// A local stand-in for Slack's Web API: answers like Slack does ({ ok: true, ... }), records
// every call, keeps posted messages so chat.update and conversations.history behave, and can
// be scripted to fail the next call to a method (platform errors, 429 with Retry-After).
// It knows several workspaces (one bot token each), exchanges OAuth codes (oauth.v2.access),
// hands out a Socket Mode URL (apps.connections.open), takes file uploads the way
// files.uploadV2 makes them, and keeps the Home views published.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** What the stand-in answered (the JSON body). */
  response: Record<string, unknown>;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
}

export const BOT = { userId: "UBOT", botId: "BBOT", teamId: "T_ACME", team: "Acme Corp" } as const;

/** The bot as installed in one workspace: what auth.test answers for its token. */
export interface Workspace {
  token: string;
  teamId: string;
  team: string;
  botUserId: string;
  botId: string;
}

export const ACME: Workspace = { token: "xoxb-test-token", teamId: BOT.teamId, team: BOT.team, botUserId: BOT.userId, botId: BOT.botId };

/** What oauth.v2.access hands out for a code the stand-in knows (see `grantCode`). */
export interface OAuthGrant {
  workspace: Workspace;
  installerUserId: string;
  clientId: string;
  clientSecret: string;
}

/** A file uploaded through files.getUploadURLExternal + the upload URL + files.completeUploadExternal. */
export interface UploadedFile {
  id: string;
  filename: string;
  content: string;
  /** Set by files.completeUploadExternal. */
  channel?: string;
  title?: string;
  initialComment?: string;
}

export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  private readonly scripts = new Map<string, ScriptedResponse[]>();
  private readonly messages = new Map<string, StoredMessage>();
  private readonly workspaces = new Map<string, Workspace>([[ACME.token, ACME]]);
  private readonly grants = new Map<string, OAuthGrant>();
  readonly files = new Map<string, UploadedFile>();
  /** users.info's tz per user id; unknown users have none. */
  readonly timezones = new Map<string, string>();
  /** The latest Home view published per user (views.publish). */
  readonly homeViews = new Map<string, Record<string, unknown>>();
  /** What apps.connections.open answers for the app-level token (Socket Mode). */
  socketMode: { appToken: string; url: string } | null = null;
  private sequence = 0;
  /** Every answer is held this long, like a distant platform (benchmarks; 0 in tests). */
  latencyMs = 0;
  /**
   * When set, chat.postMessage to one channel faster than one per this many ms on average, after
   * a burst of `channelBurst`, gets a 429 with Retry-After (Slack: about 1000, bursts allowed).
   */
  channelIntervalMs: number | undefined;
  channelBurst = 1;
  /** 429s answered because of `channelIntervalMs`. */
  channelRateLimited = 0;
  private readonly lastPostAt = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined;
    const server = createServer((req, res) => {
      void readBody(req).then(async (raw) => {
        if (req.url?.startsWith("/upload/")) {
          // The upload URL files.getUploadURLExternal returned: the file's bytes, as the WebClient posts them.
          const status = await api!.receiveUpload(req.url.slice("/upload/".length), raw, req.headers["content-type"]);
          res.writeHead(status, { "content-type": "text/plain" });
          res.end(status === 200 ? "OK - 1" : "unknown upload");
          return;
        }
        const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
        const body = parseBody(raw.toString("utf8"), req.headers["content-type"]);
        const token = req.headers.authorization?.replace(/^Bearer /, "");
        if (api!.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, api!.latencyMs));
        const reply = api!.handle(method, body, token);
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    api = new FakeSlackApi(server, `http://127.0.0.1:${port}/api/`);
    return api;
  }

  /** The next call to `method` gets `response` instead of the normal answer. */
  failNext(method: string, response: ScriptedResponse): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), response]);
  }

  /** Lets `workspace.token` pass auth.test and every other call, in that workspace. */
  addWorkspace(workspace: Workspace): void {
    this.workspaces.set(workspace.token, workspace);
  }

  /** The token stops working (uninstalled, revoked): calls with it get invalid_auth. */
  revokeToken(token: string): void {
    this.workspaces.delete(token);
  }

  /** A code Slack would hand the bot's redirect URL after someone approved the install. */
  grantCode(code: string, grant: OAuthGrant): void {
    this.grants.set(code, grant);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channel}/${ts}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, body: Record<string, unknown>, token: string | undefined): ScriptedResponse {
    const reply = this.answer(method, body, token);
    this.calls.push({ method, body, token, at: Date.now(), response: reply.body as Record<string, unknown> });
    return reply;
  }

  private answer(method: string, body: Record<string, unknown>, token: string | undefined): ScriptedResponse {
    const scripted = this.scripts.get(method)?.shift();
    if (scripted) return scripted;
    if (method === "chat.postMessage" && this.channelIntervalMs !== undefined) {
      // The time the channel's slots are all free again (a generic cell rate rule).
      const channel = String(body.channel);
      const now = Date.now();
      const freeAt = Math.max(now, this.lastPostAt.get(channel) ?? 0);
      if (freeAt - now > (this.channelBurst - 1) * this.channelIntervalMs) {
        this.channelRateLimited++;
        return { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } };
      }
      this.lastPostAt.set(channel, freeAt + this.channelIntervalMs);
    }
    // Called with the app's client id and secret instead of a token.
    if (method === "oauth.v2.access") return this.exchangeCode(body);
    if (method === "apps.connections.open") {
      if (!this.socketMode || token !== this.socketMode.appToken) return { body: { ok: false, error: "invalid_auth" } };
      return { body: { ok: true, url: this.socketMode.url } };
    }
    const workspace = token === undefined ? undefined : this.workspaces.get(token);
    if (!workspace) return { body: { ok: false, error: "invalid_auth" } };
    switch (method) {
      case "auth.test":
        return {
          body: {
            ok: true,
            url: `https://${workspace.teamId.toLowerCase()}.slack.com/`,
            team: workspace.team,
            user: "coach",
            team_id: workspace.teamId,
            user_id: workspace.botUserId,
            bot_id: workspace.botId,
          },
        };
      case "chat.postMessage": {
        const requested = String(body.channel);
        // Posting to a user id lands in the app's DM with them, whose id starts with D.
        const channel = requested.startsWith("U") ? `D${requested.slice(1)}` : requested;
        const ts = `${1_700_000_000 + ++this.sequence}.000100`;
        const message = { channel, ts, text: String(body.text ?? ""), blocks: (body.blocks as Record<string, unknown>[]) ?? [] };
        this.messages.set(`${channel}/${ts}`, message);
        return {
          body: { ok: true, channel, ts, message: { type: "message", text: message.text, blocks: message.blocks, user: BOT.userId, bot_id: BOT.botId, ts } },
        };
      }
      case "chat.update": {
        const stored = this.message(String(body.channel), String(body.ts));
        if (!stored) return { body: { ok: false, error: "message_not_found" } };
        stored.text = String(body.text ?? stored.text);
        stored.blocks = (body.blocks as Record<string, unknown>[]) ?? stored.blocks;
        return { body: { ok: true, channel: stored.channel, ts: stored.ts, text: stored.text } };
      }
      case "conversations.history": {
        const stored = this.message(String(body.channel), String(body.latest));
        const messages = stored ? [{ type: "message", user: BOT.userId, bot_id: BOT.botId, ts: stored.ts, text: stored.text, blocks: stored.blocks }] : [];
        return { body: { ok: true, messages, has_more: false } };
      }
      case "views.open":
        return { body: { ok: true, view: { ...(body.view as object), id: `V${++this.sequence}`, hash: `h${this.sequence}` } } };
      case "views.publish": {
        const view = body.view as Record<string, unknown>;
        this.homeViews.set(String(body.user_id), view);
        return { body: { ok: true, view: { ...view, id: `V${++this.sequence}` } } };
      }
      case "users.info": {
        const id = String(body.user);
        const tz = this.timezones.get(id);
        return {
          body: {
            ok: true,
            user: { id, name: id.toLowerCase(), real_name: `Person ${id}`, ...(tz ? { tz } : {}), profile: { display_name: "", real_name: `Person ${id}` } },
          },
        };
      }
      case "conversations.open": {
        const users = String(body.users ?? "");
        if (!users.startsWith("U")) return { body: { ok: false, error: "user_not_found" } };
        return { body: { ok: true, channel: { id: `D${users.slice(1)}` } } };
      }
      case "files.getUploadURLExternal": {
        const id = `F${++this.sequence}`;
        this.files.set(id, { id, filename: String(body.filename), content: "" });
        return { body: { ok: true, upload_url: `${this.url.replace(/\/api\/$/, "")}/upload/${id}`, file_id: id } };
      }
      case "files.completeUploadExternal": {
        const listed = (body.files as { id: string; title?: string }[]) ?? [];
        const files = listed.map((f) => this.files.get(f.id));
        if (files.some((f) => !f)) return { body: { ok: false, error: "file_not_found" } };
        for (const [i, file] of files.entries()) {
          Object.assign(file!, {
            channel: body.channel_id as string | undefined,
            title: listed[i]!.title,
            initialComment: body.initial_comment as string | undefined,
          });
        }
        return { body: { ok: true, files: files.map((f) => ({ id: f!.id, title: f!.title, name: f!.filename })) } };
      }
      default:
        return { body: { ok: true } };
    }
  }

  private exchangeCode(body: Record<string, unknown>): ScriptedResponse {
    const grant = this.grants.get(String(body.code));
    if (!grant) return { body: { ok: false, error: "invalid_code" } };
    if (body.client_id !== grant.clientId || body.client_secret !== grant.clientSecret) return { body: { ok: false, error: "invalid_client_id" } };
    this.grants.delete(String(body.code));
    this.addWorkspace(grant.workspace);
    const { workspace } = grant;
    return {
      body: {
        ok: true,
        app_id: "A_COACH",
        authed_user: { id: grant.installerUserId },
        scope: "chat:write,commands,files:write,im:history,im:read,im:write,users:read",
        token_type: "bot",
        access_token: workspace.token,
        bot_user_id: workspace.botUserId,
        team: { id: workspace.teamId, name: workspace.team },
        enterprise: null,
        is_enterprise_install: false,
      },
    };
  }

  /** The WebClient posts the file as multipart form data; keep its text. */
  private async receiveUpload(fileId: string, raw: Buffer, contentType: string | undefined): Promise<number> {
    const file = this.files.get(fileId);
    if (!file) return 404;
    const form = await new Response(raw, { headers: { "content-type": contentType ?? "" } }).formData();
    const part = [...form.values()][0];
    file.content = typeof part === "string" ? part : await part!.text();
    return 200;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The WebClient sends form-encoded bodies with nested values (blocks, view) as JSON strings. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  const fields = parseQuery(raw) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => {
      if (typeof v === "string" && /^[[{]/.test(v)) {
        try {
          return [k, JSON.parse(v)];
        } catch {
          return [k, v];
        }
      }
      return [k, v];
    }),
  );
}
