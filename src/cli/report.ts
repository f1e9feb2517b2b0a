// `coach report`: a client's weekly achievement chart, with stage changes marked, as a PNG.
import { writeFileSync } from "node:fs";
import { fixedClock, systemClock } from "../clock.js";
import { lastWeeks, renderAchievementChart } from "../coach/chart.js";
import { weeklyAchievement } from "../coach/progress.js";
import { isoWeek } from "../domain/calendar.js";
import { type CliIo, UsageError, withCore } from "./operator.js";

export async function report(opts: { client: string; out: string; weeks: number; now?: Date }, io: CliIo): Promise<number> {
  const now = opts.now ?? systemClock.now();
  return withCore(io, opts.now ? fixedClock(now) : systemClock, async (core) => {
    const { prisma } = core.db;
    const client = await prisma.client.findUnique({ where: { id: opts.client }, include: { stageTransitions: true } });
    if (!client) throw new UsageError(`no client with id ${opts.client} (\`coach clients\` lists them)`);
    const weeks = lastWeeks(now, opts.weeks, isoWeek);
    const results = (await weeklyAchievement(prisma, [client.id], new Date(now.getTime() - opts.weeks * 7 * 86_400_000))).get(client.id) ?? [];
    const byWeek = new Map(results.map((r) => [r.week, r.percent]));
    const png = renderAchievementChart(
      core.catalog.digest.chartTitle,
      weeks,
      [{ label: client.name ?? client.platformUserId, points: weeks.map((w) => byWeek.get(w) ?? null) }],
      client.stageTransitions.filter((t) => t.fromStage !== t.toStage).map((t) => ({ week: isoWeek(t.occurredAt), label: t.toStage })),
    );
    try {
      writeFileSync(opts.out, png);
    } catch (error) {
      throw new UsageError(
        `cannot write ${opts.out}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "its folder does not exist" : (error as Error).message}`,
      );
    }
    io.out.write(`wrote ${opts.out} (${png.length} bytes)\n`);
    return 0;
  });
}
