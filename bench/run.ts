// npm run bench: every scenario in its own process; prints one line of figures per scenario.
// Numbers are for the issue notes, never asserted in tests.
//   npm run bench [scheduler|reconcile|delivery|inbound|delivery-discord|delivery-slack|startup|footprint|inbound-rate]
// The scheduler, inbound-rate, delivery-<platform>, startup and footprint scenarios run main's code too (before/after in one run):
// main is built once at /tmp/main-build from the `main` branch of this repository.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";

const scenario = fileURLToPath(new URL("./scenario.ts", import.meta.url));
const platformDelivery = fileURLToPath(new URL("./platform-delivery.ts", import.meta.url));
const footprint = fileURLToPath(new URL("./footprint.ts", import.meta.url));
const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const only = process.argv[2];
const MAIN_BUILD = "/tmp/main-build";

/** main's sources and build beside this checkout's node_modules, for the "before" half of a pair. */
function buildMain(): void {
  if (existsSync(`${MAIN_BUILD}/dist/main.js`)) return;
  mkdirSync(MAIN_BUILD, { recursive: true });
  execFileSync("sh", ["-c", `git -C "${root}" archive main | tar -x -C ${MAIN_BUILD}`]);
  if (!existsSync(`${MAIN_BUILD}/node_modules`)) symlinkSync(`${root}node_modules`, `${MAIN_BUILD}/node_modules`);
  execFileSync("cp", ["-r", `${root}src/generated`, `${MAIN_BUILD}/src/`]);
  execFileSync(`${root}node_modules/.bin/tsc`, ["-p", "tsconfig.json"], { cwd: MAIN_BUILD, stdio: "inherit" });
}

const pairs: [string, string[]][] = [
  // Before and after alternate, so a busy machine weighs on both alike.
  ...["postgres", "pglite"].flatMap((db) =>
    ["10000", "100000"].flatMap((clients): [string, string[]][] =>
      ["main", "current"].map((code) => ["scheduler", [scenario, "scheduler", db, "--clients", clients, "--due", "1000", "--code", code]]),
    ),
  ),
  ["reconcile", [scenario, "reconcile", "postgres", "--clients", "100000"]],
  ["reconcile", [scenario, "reconcile", "pglite", "--clients", "100000"]],
  ["delivery-discord", [platformDelivery, "discord", "postgres", "--sender", "main", "--messages", "300"]],
  ["delivery-discord", [platformDelivery, "discord", "postgres", "--messages", "2000"]],
  ["delivery-discord", [platformDelivery, "discord", "pglite", "--messages", "2000"]],
  ["delivery-slack", [platformDelivery, "slack", "postgres", "--sender", "main", "--messages", "1200"]],
  ["delivery-slack", [platformDelivery, "slack", "postgres", "--messages", "1200"]],
  ["startup", [fileURLToPath(new URL("./startup.ts", import.meta.url))]],
  ["footprint", [footprint, "postgres", "--build", "main"]],
  ["footprint", [footprint, "postgres"]],
  // The README's production memory settings: glibc returns freed memory, small semi-spaces.
  ["footprint", [footprint, "postgres", "--malloc", "--semi-space", "1"]],
  ["footprint", [footprint, "pglite", "--build", "main"]],
  ["footprint", [footprint, "pglite"]],
  ["footprint", [footprint, "pglite", "--malloc", "--semi-space", "1"]],
  // A bot's usual start is a restart; main created the database in the bot's own process, this build apart.
  ["footprint", [footprint, "pglite", "--build", "main", "--restart"]],
  ["footprint", [footprint, "pglite", "--restart"]],
  ["inbound-rate", [fileURLToPath(new URL("./inbound.ts", import.meta.url)), "postgres,pglite", "--rates", "100,300,500"]],
];

const runs: string[][] = [
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
const chosen = pairs.filter(([name]) => !only || name === only);
if (chosen.length > 0) buildMain();
for (const [, args] of chosen) {
  const out = execFileSync(tsx, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 });
  process.stdout.write(out);
}
