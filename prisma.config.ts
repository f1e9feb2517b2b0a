// Prisma CLI configuration. The wasm schema engine (`engine: "js"`) needs no binary download,
// which is the only way the CLI works offline with Prisma 6.19.3 (see README "Database").
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const { migrationAdapter } = await import("./scripts/migration-adapter.mjs");
    return migrationAdapter(process.env.DATABASE_URL!);
  },
});
