// The whole path a coach takes, on the built bot as `npm start` runs it: the console's coach types
// /coach dashboard, the bot prints a one-time link, and that link signs them in on the bot's own
// HTTP server (the dashboard is mounted there in every configuration, console-only included).
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A new Node process opening embedded PGlite takes seconds on an idle machine, far more on a busy one.
const PROCESS_MS = 240_000;
const dataDir = mkdtempSync(path.join(tmpdir(), "coach-dash-chat-"));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

let bot: ChildProcessWithoutNullStreams;
let stdout = "";
let origin = "";

/** Resolves with the first match of `pattern` in the bot's output, however long a busy machine takes. */
function printed(pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(stdout);
      if (match) {
        bot.stdout.off("data", check);
        resolve(match);
      }
    };
    bot.stdout.on("data", check);
    bot.once("close", () => reject(new Error(`the bot exited before printing ${pattern}:\n${stdout}`)));
    check();
  });
}

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  bot = spawn(process.execPath, [path.resolve("dist/main.js")], {
    env: {
      PATH: process.env.PATH ?? "",
      LOG_LEVEL: "warn",
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: origin,
      CONSOLE_CHAT: "on",
      SCHEDULER: "off",
    },
  });
  bot.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  await printed(/Hello, and welcome!/);
}, PROCESS_MS);

afterAll(async () => {
  if (bot.exitCode === null) {
    const closed = new Promise((resolve) => bot.once("close", resolve));
    bot.stdin.end();
    await closed;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe("/coach dashboard in the console of npm start", { timeout: PROCESS_MS }, () => {
  it("prints a private one-time link that opens the dashboard on the bot's own server", async () => {
    bot.stdin.write("/coach dashboard\n");
    const [link] = await printed(new RegExp(`${origin}/dashboard/sign-in\\?token=[\\w-]+`));
    expect(stdout).toMatch(/\[for the coach\] Here is your dashboard link\. It works once/);

    // A link preview (GET) shows the sign-in button and leaves the link usable.
    const preview = await fetch(link);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('<form method="post" action="/dashboard/sign-in">');

    const token = new URL(link).searchParams.get("token")!;
    const signIn = await fetch(`${origin}/dashboard/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin, "sec-fetch-site": "same-origin" },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;

    const roster = await fetch(`${origin}/dashboard`, { headers: { cookie } });
    expect(roster.status).toBe(200);
    expect(await roster.text()).toMatch(/Roster/);

    // The link was used up by the sign-in.
    const replay = await fetch(`${origin}/dashboard/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin, "sec-fetch-site": "same-origin" },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(replay.status).not.toBe(303);

    // The health check shares the server.
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });
});
