// The built bot and CLI as operators run them (`node dist/main.js`, `node dist/cli.js`), each its
// own process, for tests about processes: folder ownership, kill -9, a CLI beside a running bot.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

const MAIN = path.resolve("dist/main.js");
const CLI = path.resolve("dist/cli.js");

export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches, or rejects with what the process printed. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  exited: Promise<number | null>;
  write(line: string): void;
}

function run(script: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    write: (line) => void child.stdin!.write(`${line}\n`),
    async waitFor(pattern, ms = 150_000) {
      for (const end = Date.now() + ms; Date.now() < end; ) {
        if (pattern.test(out)) return;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (pattern.test(out)) return;
      throw new Error(`no ${pattern} from ${path.basename(script)} (exit ${child.exitCode}); stdout:\n${out}\nstderr:\n${err}`);
    },
  };
}

export const startBot = (env: Record<string, string>) => run(MAIN, [], env);
export const runCli = (args: string[], env: Record<string, string>) => run(CLI, args, env);

/** A port nobody listens on right now, for a bot process to take. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `probe` every 100 ms until it holds (a process test waits on another process, not a clock). */
export async function until(probe: () => Promise<boolean>, what: string | (() => string), ms = 120_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
}

/** kill -9, and wait until the process is gone. */
export async function killHard(bot: RunningProcess): Promise<void> {
  bot.child.kill("SIGKILL");
  await bot.exited;
}
