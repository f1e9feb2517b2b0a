#!/usr/bin/env node
// `coach` command for operators: run one scheduler pass at a chosen instant (catch-up, manual
// runs, tests), or save a client's achievement chart as a PNG.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { fixedClock, systemClock } from "./clock.js";
import { renderAchievementChart, lastWeeks } from "./coach/chart.js";
import { weeklyAchievement } from "./coach/progress.js";
import { ConfigError, loadConfig } from "./config.js";
import { openCore, StartupError } from "./core.js";
import { isoWeek } from "./domain/calendar.js";
import { createLogger } from "./log.js";
import { consoleDeliverer } from "./platforms/console/chat.js";
import { runSchedulerPass } from "./scheduler/pass.js";

const USAGE = `Usage:
  coach tick [--now <ISO-8601 instant>]      run one scheduler pass as if at that instant
  coach report --client <id> --out <file.png> [--weeks 12]
                                             save a client's weekly achievement chart`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "tick" && command !== "report") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
  const { values } = parseArgs({ args: rest, options: { now: { type: "string" }, client: { type: "string" }, out: { type: "string" }, weeks: { type: "string" } } });
  const config = loadConfig(process.env);
  const log = createLogger(config.LOG_LEVEL);
  const now = values.now === undefined ? systemClock.now() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new ConfigError(`--now must be an ISO-8601 instant such as 2026-11-30T09:00:00Z (got "${values.now}")`);
  const core = await openCore(config, log, values.now === undefined ? systemClock : fixedClock(now));
  try {
    if (command === "tick") {
      // Console messages are printed here; Slack and Discord ones wait for the running bot,
      // whose sender delivers them on its next minute.
      core.deliverers.console = consoleDeliverer(process.stdout);
      const report = await runSchedulerPass(core.scheduler, now);
      process.stdout.write(`scheduler pass at ${now.toISOString()}: ${JSON.stringify(report)}\n`);
      return report.failed > 0 ? 1 : 0;
    }
    if (!values.client || !values.out) throw new ConfigError(`report needs --client and --out\n${USAGE}`);
    const weeksWanted = values.weeks ? Number(values.weeks) : 12;
    const client = await core.db.prisma.client.findUnique({ where: { id: values.client }, include: { stageTransitions: true } });
    if (!client) throw new ConfigError(`no client with id ${values.client}`);
    const weeks = lastWeeks(now, weeksWanted, isoWeek);
    const results = (await weeklyAchievement(core.db.prisma, [client.id], new Date(now.getTime() - weeksWanted * 7 * 86_400_000))).get(client.id) ?? [];
    const byWeek = new Map(results.map((r) => [r.week, r.percent]));
    const png = renderAchievementChart(
      core.catalog.digest.chartTitle,
      weeks,
      [{ label: client.name ?? client.platformUserId, points: weeks.map((w) => byWeek.get(w) ?? null) }],
      client.stageTransitions.filter((t) => t.fromStage !== t.toStage).map((t) => ({ week: isoWeek(t.occurredAt), label: t.toStage })),
    );
    writeFileSync(values.out, png);
    process.stdout.write(`wrote ${values.out} (${png.length} bytes)\n`);
    return 0;
  } finally {
    await core.db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const expected = error instanceof ConfigError || error instanceof StartupError;
    process.stderr.write(`${expected ? (error as Error).message : `Fatal: ${(error as Error).stack ?? String(error)}`}\n`);
    process.exit(expected ? 2 : 1);
  },
);
