// npm run bench: every scenario in its own process; prints one line of figures per scenario.
// Numbers are for the issue notes, never asserted in tests.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const scenario = fileURLToPath(new URL("./scenario.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const only = process.argv[2];

const runs: string[][] = [
  ["scheduler", "pglite", "--clients", "10000", "--due", "1000"],
  ["scheduler", "pglite", "--clients", "100000", "--due", "1000"],
  ["scheduler", "postgres", "--clients", "10000", "--due", "1000"],
  ["scheduler", "postgres", "--clients", "100000", "--due", "1000"],
  ["delivery", "pglite", "--messages", "2000", "--limit", "none"],
  ["delivery", "pglite", "--messages", "2000", "--limit", "slack"],
  ["delivery", "postgres", "--messages", "2000", "--limit", "none"],
  ["delivery", "postgres", "--messages", "2000", "--limit", "slack"],
  ["inbound", "pglite", "--events", "2000"],
  ["inbound", "postgres", "--events", "2000"],
];

for (const args of runs.filter((r) => !only || r[0] === only)) {
  const out = execFileSync(tsx, [scenario, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 });
  process.stdout.write(out);
}
