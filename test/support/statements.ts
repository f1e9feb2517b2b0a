// The statements a piece of work sends to the database, counted where they leave the process:
// on PostgreSQL each pg query is one round trip; on PGlite each query is one statement in process.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

/** Statements sent while `work` runs, by their SQL text. */
export async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const pgQuery = pg.Client.prototype.query;
  const pgliteQuery = PGlite.prototype.query;
  const pgliteTransaction = PGlite.prototype.transaction;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    sent.push(typeof config === "string" ? config : (config.text ?? ""));
    return (pgQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgQuery;
  PGlite.prototype.query = function (this: PGlite, ...args: unknown[]) {
    sent.push(String(args[0]));
    return (pgliteQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgliteQuery;
  PGlite.prototype.transaction = function (this: PGlite, ...args: unknown[]) {
    sent.push("BEGIN");
    return (pgliteTransaction as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pgliteTransaction;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = pgQuery;
    PGlite.prototype.query = pgliteQuery;
    PGlite.prototype.transaction = pgliteTransaction;
  }
  return sent;
}
