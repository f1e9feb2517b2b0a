// Memory and start of the built bot as operators run it (`node dist/main.js`, console chat, no
// Slack or Discord configured): time from spawn to the first prompt answering "hi", then resident
// memory after it has sat idle. Prints one JSON line. `--restart` measures the second start on
// the same database (the usual case; a first start also creates the database, which leaves
// PGlite's WebAssembly memory larger for the life of the process).
// `--malloc` sets glibc's allocator to return freed memory (the README's production memory settings).
//   tsx bench/footprint.ts <pglite|postgres> [--build current|main] [--semi-space N] [--malloc] [--restart]
// `--build main` runs main's build at /tmp/main-build (made by `npm run bench`) for a before/after pair.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createScratchDatabase } from "../test/support/postgres.js";

const dbKind = process.argv[2] as "pglite" | "postgres";
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    build: { type: "string", default: "current" },
    "semi-space": { type: "string" },
    "idle-ms": { type: "string", default: "8000" },
    restart: { type: "boolean", default: false },
    malloc: { type: "boolean", default: false },
  },
});
const root = values.build === "main" ? "/tmp/main-build" : path.resolve(".");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakRssMb: Math.round(kb("VmHWM") / 1024) };
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "coach-footprint-"));
  const scratch = dbKind === "postgres" ? await createScratchDatabase("benchfootprint") : undefined;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    CONSOLE_CHAT: "on",
    LOG_LEVEL: "warn",
    PORT: String(await freePort()),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...(values["semi-space"] ? { NODE_OPTIONS: `--max-semi-space-size=${values["semi-space"]}` } : {}),
    ...(values.malloc ? { MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_TRIM_THRESHOLD_: "131072" } : {}),
  };
  if (values.restart) await firstStart(env);
  const started = performance.now();
  const bot = spawn(process.execPath, [path.join(root, "dist/main.js")], { cwd: root, env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  bot.stdout.on("data", (d: Buffer) => (out += d.toString()));
  bot.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const until = async (pattern: RegExp) => {
    for (const end = Date.now() + 120_000; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) {
      if (pattern.test(out)) return;
      if (bot.exitCode !== null) break;
    }
    throw new Error(`no ${pattern}; stdout:\n${out}\nstderr:\n${err}`);
  };
  try {
    await until(/Type \/help/);
    bot.stdin.write("hi\n");
    await until(/What name would you like me to use\?/);
    const startToFirstPromptMs = Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, Number(values["idle-ms"])));
    const memory = memoryOf(bot.pid!);
    process.stdout.write(
      `${JSON.stringify({ scenario: "footprint", db: dbKind, build: values.build, restart: values.restart, nodeOptions: env.NODE_OPTIONS ?? null, malloc: values.malloc, startToFirstPromptMs, idleRssMb: memory.rssMb, peakRssMb: memory.peakRssMb })}\n`,
    );
  } finally {
    bot.kill("SIGTERM");
    await new Promise((r) => bot.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

/** Starts the bot until its first prompt and stops it, so the measured start finds its database made. */
async function firstStart(env: Record<string, string>): Promise<void> {
  const bot = spawn(process.execPath, [path.join(root, "dist/main.js")], { cwd: root, env, stdio: ["pipe", "pipe", "inherit"] });
  bot.stdin.write("hi\n");
  let out = "";
  await new Promise<void>((resolve, reject) => {
    bot.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (/What name would you like me to use\?/.test(out)) resolve();
    });
    bot.once("exit", (code) => reject(new Error(`first start exited (${code}); stdout:\n${out}`)));
  });
  bot.kill("SIGTERM");
  if (bot.exitCode === null) await new Promise((r) => bot.once("exit", r));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
