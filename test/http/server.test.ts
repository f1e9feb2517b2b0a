// The bot's own HTTP server: routes by prefix and path, /healthz from every registered connection,
// and a failing route that does not take the server down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpServer, startHttpServer } from "../../src/http/server.js";
import { createLogger } from "../../src/log.js";

let http: HttpServer;
const lines: string[] = [];
let discordUp = true;
const url = (path: string) => `http://127.0.0.1:${http.port}${path}`;

beforeAll(async () => {
  http = await startHttpServer({ port: 0, host: "127.0.0.1", log: createLogger("info", (l) => void lines.push(l)) });
});
afterAll(() => http.close());

describe("the bot's HTTP server", () => {
  it("answers /healthz with no connections registered (console only)", async () => {
    const response = await fetch(url("/healthz"));
    expect([response.status, await response.json()]).toEqual([200, { status: "ok", connections: {} }]);
  });

  it("reports each connection, and 503 when one that should be up is down", async () => {
    http.health("slack", () => true);
    http.health("discord", () => discordUp);
    expect(await (await fetch(url("/healthz"))).json()).toEqual({ status: "ok", connections: { slack: "connected", discord: "connected" } });
    discordUp = false;
    const down = await fetch(url("/healthz"));
    expect([down.status, await down.json()]).toEqual([503, { status: "degraded", connections: { slack: "connected", discord: "disconnected" } }]);
  });

  it("serves mounted prefixes and exact GET routes; anything else is 404", async () => {
    http.mount("/slack/", (req, res) => void res.end(`slack ${req.method} ${req.url}`));
    http.get("/dashboard", (_req, res) => void res.end("dashboard"));
    expect(await (await fetch(url("/slack/events"), { method: "POST", body: "{}" })).text()).toBe("slack POST /slack/events");
    expect(await (await fetch(url("/dashboard"))).text()).toBe("dashboard");
    expect((await fetch(url("/nowhere"))).status).toBe(404);
  });

  it("answers 500 for a route that throws, logs it, and keeps serving", async () => {
    http.get("/broken", () => {
      throw new Error("boom");
    });
    expect((await fetch(url("/broken"))).status).toBe(500);
    expect(lines.some((l) => /"level":"error".*http request failed/.test(l))).toBe(true);
    expect((await fetch(url("/dashboard"))).status).toBe(200);
  });
});
