// The built bot and CLI as operators run them (`node dist/main.js`, `node dist/cli.js`), each its
// own process, for tests about processes: folder ownership, kill -9, a CLI beside a running bot.
import { type ChildProcess, spawn } from "node:child_process";
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
