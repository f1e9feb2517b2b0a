// Creating PGlite's database and applying migrations grow its WebAssembly memory, and that memory
// never shrinks: measured idle, a bot that created its folder kept about 430-450 MB for the life
// of the process, against about 330 MB for one that opened the same folder ready-made. So on
// disk that work runs in a short-lived child process, which gives every byte back when it exits;
// the bot then opens the finished folder. The child only runs SQL on PGlite; what to run stays
// in migrations.ts, reached over the IPC channel as an ordinary SqlSession.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import type { FolderLock } from "./folder-lock.js";
import { applyMigrations, type Migration, type SqlSession } from "./migrations.js";

// CommonJS, run with `node -e`: no file to find from dist/ or from the TypeScript sources in tests.
// Ctrl-C and a service manager's stop reach the whole process group: the child finishes what it
// does and leaves when the bot lets it go (the bot defers its own stop until start-up is done).
const CHILD = `
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
const { PGlite } = require(process.argv[1]);
const db = new PGlite(process.argv[2]);
process.on("message", async ({ id, kind, sql, params }) => {
  try {
    await db.waitReady;
    const rows = kind === "exec" ? (await db.exec(sql), []) : (await db.query(sql, params)).rows;
    process.send({ id, rows });
  } catch (error) {
    process.send({ id, error: String(error && error.message || error) });
  }
});
process.on("disconnect", () => db.close().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); }));
`;

interface Reply {
  id: number;
  rows?: unknown[];
  error?: string;
}

/**
 * Creates the PGlite database in `clusterDir` if it is new and applies every pending migration,
 * in a child process named in the folder's lock while it runs.
 */
export async function migrateApart(clusterDir: string, lock: FolderLock, migrations: Migration[]): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const child = spawn(process.execPath, ["-e", CHILD, pglite, clusterDir], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
  if (child.pid !== undefined) lock.helpedBy(child.pid);
  try {
    await migrateIn(child, migrations);
  } finally {
    lock.helpedBy(null);
  }
}

async function migrateIn(child: ChildProcess, migrations: Migration[]): Promise<void> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // A child that cannot start, or a message to one that has gone, is reported here (unheard, it would end the bot).
  const broken = new Promise<never>((_, reject) => child.on("error", reject));
  const failure = Promise.race([
    broken,
    exited.then((code) => {
      throw new Error(`the database setup process ended (exit ${code}) before it was done${stderr ? `: ${stderr.trim()}` : ""}`);
    }),
  ]);
  failure.catch(() => {});
  try {
    await applyMigrations(sessionIn(child, failure), migrations);
  } catch (error) {
    // It ignores SIGTERM (see CHILD); the folder is free again only once it has gone.
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      child.kill("SIGKILL");
      await exited;
    }
    throw error;
  }
  child.disconnect();
  const code = await exited;
  if (code !== 0) throw new Error(`the database setup process could not close the database (exit ${code}): ${stderr.trim()}`);
}

function sessionIn(child: ChildProcess, failure: Promise<never>): SqlSession {
  let next = 0;
  const waiting = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  child.on("message", (reply: Reply) => {
    const request = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) request?.reject(new Error(reply.error));
    else request?.resolve(reply.rows ?? []);
  });
  const send = (kind: "exec" | "query", sql: string, params?: unknown[]) => {
    const id = next++;
    const answered = new Promise<unknown[]>((resolve, reject) => waiting.set(id, { resolve, reject }));
    child.send({ id, kind, sql, params });
    return Promise.race([answered, failure]);
  };
  return {
    exec: async (sql) => void (await send("exec", sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await send("query", sql, params)) as T[],
  };
}
