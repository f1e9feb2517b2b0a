// GET /healthz for load balancers and container checks: "ok" over HTTP mode's own server, and in
// Socket Mode (which opens no HTTP server of its own) a small one that also tells whether the
// WebSocket to Slack is up (503 while connecting or reconnecting).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CustomRoute } from "@slack/bolt";

export const HEALTH_PATH = "/healthz";

export function healthRoute(): CustomRoute {
  return { path: HEALTH_PATH, method: ["GET"], handler: (_req, res) => answer(res, 200, "ok") };
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(port: number, host: string | undefined, connected: () => boolean): Promise<HealthServer> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" || path !== HEALTH_PATH) return answer(res, 404, "not found");
    return connected() ? answer(res, 200, "ok") : answer(res, 503, "connecting to Slack");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}
