// A gateway close discord.js will not recover from (4004: the token is invalid, 4010-4014: bad
// shard or intents) used to leave the bot running, disconnected and silent. Now it is fatal: one
// error line and the adapter's onFatal (by default: exit code 1, so a supervisor restarts or
// alerts). While the gateway reconnects, /healthz reports Discord as disconnected.
import { afterEach, describe, expect, it } from "vitest";
import { type HttpServer, startHttpServer } from "../../../src/http/server.js";
import { createLogger } from "../../../src/log.js";
import { type DiscordHarness, startHarness, typeInDm, waitFor } from "./support/harness.js";
import { testUser } from "./support/payloads.js";

let h: DiscordHarness | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await h?.close();
  await http?.close();
  h = http = undefined;
});

describe("a gateway close discord.js will not recover from", () => {
  it.each([4004, 4010, 4011, 4012, 4013, 4014])("close %i: one error line, then the fatal handler with the code", async (code) => {
    const fatal: string[] = [];
    h = await startHarness({ onFatal: (reason) => void fatal.push(reason) });
    h.gateway.disconnect(code);
    const [reason] = await waitFor(() => fatal.length > 0 && fatal, "the fatal handler");
    expect(reason).toMatch(new RegExp(`^Discord closed the gateway with ${code} \\(\\w+\\) and will not reconnect$`));
    expect(h.logs.filter((line) => line.level === "error")).toEqual([expect.objectContaining({ msg: `discord: ${reason}`, code })]);
  });

  it("a resumable close (4000) is not fatal, and /healthz says disconnected until the session resumes", async () => {
    const fatal: string[] = [];
    http = await startHttpServer({ port: 0, host: "127.0.0.1", log: createLogger("silent") });
    h = await startHarness({ http, onFatal: (reason) => void fatal.push(reason) });
    const health = async () => (await (await fetch(`http://127.0.0.1:${http!.port}/healthz`)).json()) as { connections: Record<string, string> };
    expect((await health()).connections.discord).toBe("connected");

    h.gateway.holdConnections();
    h.gateway.disconnect(4000);
    await waitFor(() => h!.logs.some((line) => line.msg === "discord: gateway reconnecting"), "the reconnect");
    expect((await health()).connections.discord).toBe("disconnected");

    h.gateway.release();
    await waitFor(() => h!.gateway.connected, "the resumed session");
    for (let tries = 0; (await health()).connections.discord !== "connected"; tries++) {
      if (tries > 200) throw new Error("/healthz never said connected again after the resume");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(fatal).toEqual([]);
    expect((await typeInDm(h, testUser("after"), "hi")).length).toBeGreaterThan(0);
  });
});
