// One owner per embedded database folder. PGlite is a single-process database and does nothing
// to stop a second opener: two processes on one folder both "work", lose writes, and can leave the
// folder unopenable. So the owner creates `coach.lock` in the folder with O_EXCL (atomic: exactly
// one creator wins) and writes who it is; a second process reads that and stops.
//
// Why not a lock package: proper-lockfile (mkdir + mtime refreshed on a timer) decides staleness
// by time alone. A process killed with kill -9 would block the next start until the lock ages
// out, and an event loop busy for longer than the stale period (a large PGlite query runs on the
// main thread) would make a live owner look dead. The owner's process id says it exactly.
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

export const LOCK_FILE = "coach.lock";

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** Linux: the process start time in clock ticks since boot (/proc/<pid>/stat), to tell a reused pid apart. */
  procStart?: string;
  /**
   * A child process working in the folder for the owner (src/store/migrate-apart.ts). Killed with
   * its parent, it can still be inside a statement: the folder stays taken until both are gone.
   */
  helper?: { pid: number; procStart?: string };
}

/** The folder is held by a live process; nothing in the folder was changed. */
export class DatabaseBusyError extends Error {
  constructor(
    readonly folder: string,
    readonly owner: LockOwner | null,
  ) {
    super(
      owner
        ? `The data folder ${folder} is in use by process ${owner.pid}${owner.helper ? ` and its database setup, process ${owner.helper.pid},` : ""} on ${owner.host} (started ${owner.startedAt}). ` +
            "Stop that process first (or use PostgreSQL to run several); only one process may open the embedded database."
        : `The data folder ${folder} is in use by another process (its ${LOCK_FILE} is being written). Try again in a moment.`,
    );
    this.name = "DatabaseBusyError";
  }
}

/** Folders this process holds, to tell its own second open from a lock left by an earlier process with the same pid. */
const heldHere = new Set<string>();

export interface FolderLock {
  /** Names `pid` in the lock as working for this process, or (null) no longer. */
  helpedBy(pid: number | null): void;
  release(): void;
}

/** Takes the folder for this process, or throws DatabaseBusyError naming the process holding it. */
export function lockFolder(folder: string): FolderLock {
  const file = path.join(folder, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), ...procStartOf(process.pid) };
  let mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(file, mine)) {
      heldHere.add(file);
      let held = true;
      // A crash or process.exit without close() still frees the folder for the next start.
      const onExit = () => release();
      const release = () => {
        if (!held) return;
        held = false;
        process.off("exit", onExit);
        heldHere.delete(file);
        if (readText(file) === mine) rmSync(file, { force: true });
      };
      process.on("exit", onExit);
      const helpedBy = (pid: number | null) => {
        if (!held) return;
        const text = JSON.stringify(pid === null ? me : { ...me, helper: { pid, ...procStartOf(pid) } });
        // Written aside and renamed over: a reader sees the old text or the new, never half of one.
        const aside = `${file}.new-${process.pid}`;
        writeFileSync(aside, text, { mode: 0o600 });
        renameSync(aside, file);
        mine = text;
      };
      return { helpedBy, release };
    }
    const text = readText(file);
    if (text === null) continue; // removed between our attempt and the read: try again
    const owner = parse(text);
    // An unreadable file is being written right now, or was left half-written by a crash.
    if (owner === null ? !oldFile(file) : heldHere.has(file) || !isStale(owner)) throw new DatabaseBusyError(folder, owner);
    breakStaleLock(file, text);
  }
  throw new DatabaseBusyError(folder, parse(readText(file) ?? ""));
}

function create(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves the stale file aside before deleting it, so that of two processes breaking the same
 * stale lock at once, only one removes it. If what was moved turns out to be a fresh lock taken
 * meanwhile, it is put back (link fails rather than overwrite a newer one).
 */
function breakStaleLock(file: string, staleText: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (readText(aside) !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // another process holds a newer lock already; ours to report on the next attempt
    }
  }
  rmSync(aside, { force: true });
}

function isStale(owner: LockOwner): boolean {
  // Another machine's process cannot be checked from here (a shared network folder): never steal it.
  if (owner.host !== hostname()) return false;
  return gone(owner) && (owner.helper === undefined || gone(owner.helper));
}

function gone(who: { pid: number; procStart?: string }): boolean {
  // In a container the restarted bot often gets the same pid as the killed one.
  if (who.pid === process.pid) return true;
  if (!alive(who.pid)) return true;
  const now = procStatOf(who.pid);
  // A killed process whose parent died too stays a zombie until someone reaps it (in a container
  // whose first process does not reap, for ever): it holds nothing.
  if (now.state === "Z") return true;
  return who.procStart !== undefined && now.procStart !== undefined && now.procStart !== who.procStart;
}

function oldFile(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > 10_000;
  } catch {
    return true;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function procStartOf(pid: number): { procStart?: string } {
  const { procStart } = procStatOf(pid);
  return procStart ? { procStart } : {};
}

function procStatOf(pid: number): { procStart?: string; state?: string } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields 3 (state) and 22 (starttime), counted after the ")" that ends the command name, which may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const start = fields[19];
    return { ...(start ? { procStart: start } : {}), ...(fields[0] ? { state: fields[0] } : {}) };
  } catch {
    return {};
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parse(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== "number" || typeof value.host !== "string") return null;
    return { startedAt: "unknown", ...value } as LockOwner;
  } catch {
    return null;
  }
}
