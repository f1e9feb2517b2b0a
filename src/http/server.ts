// The bot's own HTTP server, started in every configuration (console-only and Discord-only
// too): Slack's receiver, /healthz and later the coach dashboard are routes on it. Routes are
// registered by path prefix; /healthz reports every connection that registered a check.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../log.js";

/** Connections waiting to be accepted; the kernel caps it at net.core.somaxconn. */
const LISTEN_BACKLOG = 4096;

export const HEALTH_PATH = "/healthz";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What adapters and features use to add routes and health checks. */
export interface HttpRoutes {
  /** Serves every request whose path starts with `prefix` (e.g. "/slack/"). */
  mount(prefix: string, handler: RequestHandler): void;
  /** Serves GET `path` exactly. */
  get(path: string, handler: RequestHandler): void;
  /** Adds a connection to /healthz: `connected()` false makes the whole check answer 503. */
  health(name: string, connected: () => boolean): void;
}

export interface HttpServer extends HttpRoutes {
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(opts: { port: number; host?: string; log: Logger }): Promise<HttpServer> {
  const mounts: { prefix: string; handler: RequestHandler }[] = [];
  const gets = new Map<string, RequestHandler>();
  const checks = new Map<string, () => boolean>();

  gets.set(HEALTH_PATH, (_req, res) => {
    const connections = Object.fromEntries([...checks].map(([name, connected]) => [name, connected() ? "connected" : "disconnected"]));
    const up = Object.values(connections).every((state) => state === "connected");
    json(res, up ? 200 : 503, { status: up ? "ok" : "degraded", connections });
  });

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const handler = (req.method === "GET" ? gets.get(path) : undefined) ?? mounts.find((m) => path.startsWith(m.prefix))?.handler;
    if (!handler) return json(res, 404, { error: "not found" });
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        // One bad request never stops the server.
        opts.log.error("http request failed", { path, error });
        if (!res.headersSent) json(res, 500, { error: "internal error" });
        else res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Node's default backlog (511) drops the connections of a larger burst, and a dropped
    // connection is retried by the sender only after 1, 3, 7 s: past Slack's 3 s deadline.
    server.listen({ port: opts.port, host: opts.host, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  opts.log.info("http server listening", { port, host: opts.host ?? "(all interfaces)" });

  return {
    port,
    mount: (prefix, handler) => void mounts.push({ prefix, handler }),
    get: (path, handler) => void gets.set(path, handler),
    health: (name, connected) => void checks.set(name, connected),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}
