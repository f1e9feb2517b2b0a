// How fast Slack hears back under a burst: the built bot (`node dist/main.js`, Slack over HTTP,
// a local stand-in for Slack's Web API) gets N signed DMs at once, each from a different person,
// and we time each request until its acknowledgement. Slack retries (and counts a failure) after
// 3 s. Prints one JSON line per run. Numbers are for the issue notes, never asserted in tests.
//
//   npx tsx bench/ack.ts [pglite|postgres] [--events 1000] [--main path/to/dist/main.js]
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { FakeSlackApi } from "../test/platforms/slack/support/fake-slack-api.js";
import { SIGNING_SECRET, SlackSender } from "../test/platforms/slack/support/slack-requests.js";
import { createScratchDatabase } from "../test/support/postgres.js";

const db = process.argv[2] === "postgres" ? "postgres" : "pglite";
const option = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const events = Number(option("events", "1000"));
const main = path.resolve(option("main", "dist/main.js"));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const api = await FakeSlackApi.start();
const scratch = db === "postgres" ? await createScratchDatabase("bench_ack") : null;
const dataDir = db === "pglite" ? mkdtempSync(path.join(tmpdir(), "bench-ack-")) : null;
const port = await freePort();
const bot: ChildProcess = spawn(process.execPath, [main], {
  env: {
    PATH: process.env.PATH ?? "",
    LOG_LEVEL: "error",
    PORT: String(port),
    HOST: "127.0.0.1",
    CONSOLE_CHAT: "off",
    SCHEDULER: "off",
    SLACK_API_URL: api.url,
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ...(scratch ? { DATABASE_URL: scratch.url } : { DATA_DIR: dataDir! }),
  },
  stdio: ["ignore", "ignore", "inherit"],
});
try {
  for (const end = Date.now() + 180_000; ; ) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > end || bot.exitCode !== null) throw new Error("the bot did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const send = new SlackSender(`http://127.0.0.1:${port}`);
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: events }, (_, i) =>
      send.dm(`U_BENCH_${i}`, "hi", { eventId: `EvBench${i}` }).catch((error: Error) => ({ status: 0, ms: Date.now() - started, text: error.message })),
    ),
  );
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      scenario: "slack-ack",
      db,
      bot: path.relative(process.cwd(), main),
      events,
      acknowledged: results.filter((r) => r.status === 200).length,
      p50Ms: percentile(ms, 50),
      p99Ms: percentile(ms, 99),
      maxMs: ms[ms.length - 1],
      over3s: ms.filter((m) => m > 3000).length,
      burstMs: Date.now() - started,
    }),
  );
} finally {
  bot.kill("SIGTERM");
  await new Promise((resolve) => bot.once("exit", resolve));
  await api.close();
  await scratch?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
