// Start to first prompt of the built bot as operators run it (`node dist/main.js`, console chat,
// no Slack or Discord configured): "hi" is written on stdin at spawn, and the clock stops when
// the first prompt of the conversation is on stdout. The first start of a new database (it
// applies the migrations) is timed apart from restarts. main's build (at /tmp/main-build, made by
// `npm run bench`) and this checkout's run alternately, so a busy machine weighs on both alike.
// Prints one JSON line per database and build.
//   tsx bench/startup.ts [--db postgres,pglite] [--builds main,current] [--restarts N]
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/postgres.js";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "postgres,pglite" },
    builds: { type: "string", default: "main,current" },
    restarts: { type: "string", default: "3" },
  },
});
const roots: Record<string, string> = { main: "/tmp/main-build", current: path.resolve(".") };
const FIRST_PROMPT = /What name would you like me to use\?/;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** CPU time (user + system, ms) a process has used so far: steadier than wall time on a busy machine. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
}

interface Start {
  msToBanner: number;
  msToFirstPrompt: number;
  cpuMsToFirstPrompt: number;
}

/** One start: ms from spawn to the banner and to the first prompt, and the CPU used until then. */
async function start(root: string, env: Record<string, string>): Promise<Start> {
  const started = performance.now();
  const bot = spawn(process.execPath, [path.join(root, "dist/main.js")], {
    cwd: root,
    env: { ...env, PORT: String(await freePort()) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  bot.stdin.write("hi\n");
  let out = "";
  let err = "";
  let msToBanner = Number.NaN;
  try {
    return await new Promise((resolve, reject) => {
      bot.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (Number.isNaN(msToBanner) && /Type \/help/.test(out)) msToBanner = performance.now() - started;
        if (FIRST_PROMPT.test(out)) {
          const msToFirstPrompt = Math.round(performance.now() - started);
          resolve({ msToBanner: Math.round(msToBanner), msToFirstPrompt, cpuMsToFirstPrompt: cpuMsOf(bot.pid!) });
        }
      });
      bot.stderr.on("data", (d: Buffer) => (err += d.toString()));
      bot.once("exit", (code) => reject(new Error(`bot exited (${code}) before the first prompt; stdout:\n${out}\nstderr:\n${err}`)));
      setTimeout(() => reject(new Error(`no first prompt within 120 s; stdout:\n${out}\nstderr:\n${err}`)), 120_000).unref();
    });
  } finally {
    bot.kill("SIGTERM");
    if (bot.exitCode === null) await new Promise((r) => bot.once("exit", r));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const builds = values.builds.split(",").filter((b) => b === "current" || existsSync(path.join(roots[b]!, "dist/main.js")));
  for (const db of values.db.split(",") as ("postgres" | "pglite")[]) {
    // Each build gets its own database, so main's start never meets this checkout's migrations.
    const places = new Map<string, { env: Record<string, string>; scratch?: ScratchDatabase; dataDir: string }>();
    for (const build of builds) {
      const dataDir = mkdtempSync(path.join(tmpdir(), "coach-startup-"));
      const scratch = db === "postgres" ? await createScratchDatabase("benchstartup") : undefined;
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        CONSOLE_CHAT: "on",
        LOG_LEVEL: "warn",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        ...(scratch ? { DATABASE_URL: scratch.url } : {}),
      };
      places.set(build, { env, dataDir, ...(scratch ? { scratch } : {}) });
    }
    const results = new Map(builds.map((b) => [b, { first: 0, restarts: [] as number[], banners: [] as number[], cpu: [] as number[] }]));
    try {
      for (let run = 0; run <= Number(values.restarts); run++) {
        for (const build of builds) {
          const { msToBanner, msToFirstPrompt, cpuMsToFirstPrompt } = await start(roots[build]!, places.get(build)!.env);
          const r = results.get(build)!;
          if (run === 0) r.first = msToFirstPrompt;
          else {
            r.restarts.push(msToFirstPrompt);
            r.banners.push(msToBanner);
            r.cpu.push(cpuMsToFirstPrompt);
          }
        }
      }
    } finally {
      for (const place of places.values()) {
        rmSync(place.dataDir, { recursive: true, force: true });
        await place.scratch?.drop();
      }
    }
    for (const [build, r] of results) {
      process.stdout.write(
        `${JSON.stringify({ scenario: "startup", db, build, msToFirstPrompt: median(r.restarts), msToBanner: median(r.banners), cpuMsToFirstPrompt: median(r.cpu), firstStartMsToFirstPrompt: r.first, restartsMs: r.restarts })}\n`,
      );
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
