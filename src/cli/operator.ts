// What every operator command shares: configuration, a logger on stderr, the core opened on
// the operator's database, closed again however the command ends.
import type { Writable } from "node:stream";
import type { Clock } from "../clock.js";
import { loadConfig } from "../config.js";
import { type Core, openCore } from "../core.js";
import { createLogger } from "../log.js";

/** A mistake the operator can fix (bad option, unknown id, missing file): one line, exit code 2. */
export class UsageError extends Error {}

export interface CliIo {
  out: Writable;
  err: Writable;
  env: NodeJS.ProcessEnv;
}

export async function withCore<T>(io: CliIo, clock: Clock, work: (core: Core) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const core = await openCore(
    config,
    createLogger(config.LOG_LEVEL, (line) => io.err.write(`${line}\n`)),
    clock,
  );
  try {
    return await work(core);
  } finally {
    await core.db.close();
  }
}
