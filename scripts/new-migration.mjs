// Creates prisma/migrations/<timestamp>_<name>/migration.sql by diffing the schema as it was when
// the last migration was committed against the current prisma/schema.prisma.
// `prisma migrate dev` cannot run offline (its shadow database fails with driver adapters), and
// `migrate diff --from-migrations` neither, so the previous schema comes from git.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migration:new -- <snake_case_name>");
  process.exit(2);
}

const migrationsDir = path.join("prisma", "migrations");
const hasMigrations = existsSync(migrationsDir) && readdirSync(migrationsDir).some((d) => /^\d{14}_/.test(d));

let from = ["--from-empty"];
if (hasMigrations) {
  const lastCommit = execFileSync("git", ["log", "-1", "--format=%H", "--", migrationsDir], { encoding: "utf8" }).trim();
  if (!lastCommit) {
    console.error("The existing migrations are not committed yet: commit them first, then diff against that commit.");
    process.exit(1);
  }
  const previous = execFileSync("git", ["show", `${lastCommit}:prisma/schema.prisma`], { encoding: "utf8" });
  const previousFile = path.join(mkdtempSync(path.join(tmpdir(), "schema-")), "schema.prisma");
  writeFileSync(previousFile, previous);
  from = ["--from-schema-datamodel", previousFile];
}

const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
  encoding: "utf8",
  env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("The schema has not changed since the last migration: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
writeFileSync(path.join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
console.log(`Wrote ${path.join(dir, "migration.sql")}`);
