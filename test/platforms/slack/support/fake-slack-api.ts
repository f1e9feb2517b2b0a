// A local stand-in for Slack's Web API: answers like Slack does ({ ok: true, ... }), records
// every call, keeps posted messages so chat.update and conversations.history behave, and can
// be scripted to fail the next call to a method (platform errors, 429 with Retry-After).
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

export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  private readonly scripts = new Map<string, ScriptedResponse[]>();
  private readonly messages = new Map<string, StoredMessage>();
  private sequence = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined;
    const server = createServer((req, res) => {
      void readBody(req).then((raw) => {
        const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
        const body = parseBody(raw, req.headers["content-type"]);
        const token = req.headers.authorization?.replace(/^Bearer /, "");
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
    if (token !== "xoxb-test-token") return { body: { ok: false, error: "invalid_auth" } };
    switch (method) {
      case "auth.test":
        return { body: { ok: true, url: "https://acme.slack.com/", team: BOT.team, user: "coach", team_id: BOT.teamId, user_id: BOT.userId, bot_id: BOT.botId } };
      case "chat.postMessage": {
        const requested = String(body.channel);
        // Posting to a user id lands in the app's DM with them, whose id starts with D.
        const channel = requested.startsWith("U") ? `D${requested.slice(1)}` : requested;
        const ts = `${1_700_000_000 + ++this.sequence}.000100`;
        const message = { channel, ts, text: String(body.text ?? ""), blocks: (body.blocks as Record<string, unknown>[]) ?? [] };
        this.messages.set(`${channel}/${ts}`, message);
        return { body: { ok: true, channel, ts, message: { type: "message", text: message.text, blocks: message.blocks, user: BOT.userId, bot_id: BOT.botId, ts } } };
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
      default:
        return { body: { ok: true } };
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
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
