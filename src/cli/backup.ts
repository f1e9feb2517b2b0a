// `coach backup <file>` and `coach restore <file> [--replace]`: a portable JSON Lines copy of
// every table, restorable into PGlite or PostgreSQL (see src/store/backup.ts for why that format).
import { existsSync } from "node:fs";
import path from "node:path";
import { systemClock } from "../clock.js";
import { BackupError, type BackupSummary, backupDatabase, restoreDatabase } from "../store/backup.js";
import { type CliIo, UsageError, withCore } from "./operator.js";

function summary(io: CliIo, verb: string, result: BackupSummary): void {
  const rows = Object.values(result.tables).reduce((sum, n) => sum + n, 0);
  io.out.write(`${verb} ${result.file}: ${rows} rows in ${Object.keys(result.tables).length} tables\n`);
  for (const [table, count] of Object.entries(result.tables)) if (count > 0) io.out.write(`  ${table}: ${count}\n`);
}

export async function backup(file: string, io: CliIo): Promise<number> {
  if (!existsSync(path.dirname(path.resolve(file)))) throw new UsageError(`the folder of ${file} does not exist`);
  return withCore(io, systemClock, async (core) => {
    summary(io, "backed up to", await backupDatabase(core.db, file));
    return 0;
  });
}

export async function restore(file: string, opts: { replace?: boolean }, io: CliIo): Promise<number> {
  if (!existsSync(file)) throw new UsageError(`no backup file at ${file}`);
  return withCore(io, systemClock, async (core) => {
    try {
      summary(io, "restored from", await restoreDatabase(core.db, file, { replace: opts.replace === true }));
      return 0;
    } catch (error) {
      if (error instanceof BackupError) throw new UsageError(error.message);
      throw error;
    }
  });
}
