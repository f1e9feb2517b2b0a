// CPU used by the local PostgreSQL server, for the benches' per-event and per-pass figures:
// steadier than wall times on a shared machine.
import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU seconds used so far by the local PostgreSQL server: its live processes, plus what the
 * postmaster has collected from backends that ended. Null where /proc cannot tell (another OS).
 */
export function postgresCpuSeconds(): number | null {
  const processes: { pid: number; ppid: number; own: number; children: number }[] = [];
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue;
      }
      if (!stat.includes("(postgres)")) continue;
      // After "(comm) ": state, ppid, ... utime and stime (fields 12 and 13), cutime and cstime.
      const fields = stat
        .slice(stat.lastIndexOf(")") + 2)
        .split(" ")
        .map(Number);
      processes.push({ pid: Number(pid), ppid: fields[1]!, own: fields[11]! + fields[12]!, children: fields[13]! + fields[14]! });
    }
  } catch {
    return null;
  }
  if (processes.length === 0) return null;
  const pids = new Set(processes.map((p) => p.pid));
  // The postmaster is the one whose parent is not PostgreSQL: it has collected its ended backends.
  const ticks = processes.reduce((sum, p) => sum + p.own + (pids.has(p.ppid) ? 0 : p.children), 0);
  return ticks / 100;
}
