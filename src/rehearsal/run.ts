// Runs one journey on a throwaway embedded database with a virtual clock, through the same core
// as the bot (engine, machine, scheduler pass, outbox sender), and writes the transcript: what
// each person typed and every message the bot delivered, at the instant it was delivered.
import type { Writable } from "node:stream";
import { fixedClock } from "../clock.js";
import { enrollClient, ensureCoach } from "../coach/roster.js";
import type { Config } from "../config.js";
import { type Core, openCore } from "../core.js";
import { type InboundKind, type InboundTenant, parseTypedText } from "../engine/inbound.js";
import { consoleVoice, localCoach, plainCodec, type Reply, runTypedClientCommand, runTypedCommand } from "../interactions/index.js";
import type { Logger } from "../log.js";
import type { Deliverer } from "../outbox/sender.js";
import { renderPrompt } from "../platforms/console/render.js";
import { runSchedulerPass, type SchedulerDeps } from "../scheduler/pass.js";
import type { Journey } from "./journey.js";

const TENANT: InboundTenant = { platform: "console", externalId: "rehearsal", name: "Rehearsal" };
const CLIENT_USER = "client";
const COACH_USER = "coach";
const STEP_MS = 60_000;
/** Passes run at one instant before we call the schedule stuck (a job that keeps falling due now). */
const MAX_PASSES_AT_ONE_INSTANT = 50;

export type Speaker = "client" | "coach" | "bot>client" | "bot>coach" | "bot>team";

/** The bot failed while the journey ran (a scheduled job or a step threw): exit code 1. */
export class RehearsalFailure extends Error {}

/** "2027-01-04T08:00Z": minutes are the clock's resolution in a rehearsal. */
export function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}

export async function runJourney(journey: Journey, opts: { config: Config; flowsDir?: string; log: Logger; out: Writable }): Promise<void> {
  const clock = fixedClock(journey.start);
  const write = (who: Speaker, text: string) => {
    const [first, ...rest] = text.split("\n");
    const further = rest.map((line) => (line.trim() === "" ? "" : `  ${line}`));
    opts.out.write(`${[`${formatInstant(clock.now())} ${who}: ${first}`, ...further].join("\n")}\n`);
  };
  // Never the operator's database: an in-memory PGlite that disappears with this process.
  const config: Config = { ...opts.config, DATABASE_URL: undefined, DATA_DIR: "memory", FLOWS_DIR: opts.flowsDir ?? opts.config.FLOWS_DIR };
  const core = await openCore(config, opts.log, clock);
  try {
    core.deliverers.console = transcriptDeliverer(write);
    const scheduler: SchedulerDeps = journey.digest === "off" ? { ...core.scheduler, sendDigest: async () => {} } : core.scheduler;
    const _clientId = await enrollAtStart(core, journey);
    // The bot's first minute tick after the enrollment: plans the coach's digest, sends the greeting.
    await pass(scheduler, clock.now());

    const advanceTo = async (target: Date) => {
      let last = 0;
      let passesHere = 0;
      for (;;) {
        const due = await nextDueInstant(core);
        if (!due || due > target) break;
        const at = Math.max(due.getTime(), clock.now().getTime());
        passesHere = at === last ? passesHere + 1 : 0;
        if (passesHere >= MAX_PASSES_AT_ONE_INSTANT)
          throw new RehearsalFailure(`${formatInstant(new Date(at))}: the schedule keeps falling due at this instant`);
        last = at;
        clock.set(new Date(at));
        await pass(scheduler, clock.now());
      }
      clock.set(target);
    };

    for (const [index, step] of journey.steps.entries()) {
      const eventId = `rehearsal:step:${index + 1}`;
      try {
        if (step.kind === "wait") {
          await advanceTo(new Date(clock.now().getTime() + step.ms));
          continue;
        }
        write(step.kind, step.text);
        if (step.kind === "client") {
          const typed = parseTypedText(step.text);
          const own = await clientCommand(core, typed, eventId);
          if (own) for (const reply of replyTexts(own)) write("bot>client", reply);
          else await core.engine.handle({ ...typed, eventId, tenant: TENANT, user: { platformUserId: CLIENT_USER } });
        } else {
          for (const reply of await coachCommand(core, step.text, eventId)) write("bot>coach", reply);
        }
        await core.sender.deliverDue();
        await advanceTo(new Date(clock.now().getTime() + STEP_MS));
      } catch (error) {
        if (error instanceof RehearsalFailure) throw error;
        throw new RehearsalFailure(
          `step ${index + 1} (${step.kind}: ${step.text}) at ${formatInstant(clock.now())}: ${(error as Error).stack ?? String(error)}`,
        );
      }
    }
  } finally {
    await core.db.close();
  }
}

/**
 * The one door for a coach's steps: "/coach session start 30" about this journey's client, run
 * through the command registry as the console's coach lines are.
 */
async function coachCommand(core: Core, typed: string, eventId: string): Promise<string[]> {
  const text = typed.trim().replace(/^\/coach\b/i, "");
  const coach = { platformUserId: COACH_USER, displayName: "Coach" };
  const reply = await runTypedCommand(
    core.interactions,
    { text, eventId, tenant: TENANT, coach, client: { platformUserId: CLIENT_USER } },
    localCoach(core.db.prisma, { platformUserId: COACH_USER, name: "Coach" }),
  );
  return replyTexts(reply);
}

/**
 * The client's own registry commands (/checkins, /export, /delete), typed bare as /help lists
 * them, through the same door as the console and the platforms; null for the machine's.
 */
async function clientCommand(core: Core, typed: InboundKind, eventId: string): Promise<Reply | null> {
  const actor = { platformUserId: CLIENT_USER };
  const port = { voice: consoleVoice({ [CLIENT_USER]: "you" }), access: localCoach(core.db.prisma, { platformUserId: COACH_USER, name: "Coach" }) };
  return runTypedClientCommand(core.interactions, { eventId, tenant: TENANT, actor }, typed, port, plainCodec);
}

/** A registry reply as one transcript message, attachments as its further lines. */
function replyTexts(reply: Reply): string[] {
  const lines = [reply.text, ...(reply.attachments ?? []).map((a) => `[attachment: ${a.filename}]`)].filter((t): t is string => !!t);
  return lines.length ? [lines.join("\n")] : [];
}

/** As a coach enrolls a client in production; then the journey's time zones and check-in slot. */
async function enrollAtStart(core: Core, journey: Journey): Promise<string> {
  const { prisma } = core.db;
  const coach = await ensureCoach(prisma, TENANT, COACH_USER, "Coach");
  await prisma.coach.update({
    where: { id: coach.id },
    data: { timezone: journey.coachTimezone, ...(journey.digest === "daily" ? { digestCadence: "daily" } : {}) },
  });
  const { clientId } = await enrollClient({ prisma, engine: core.engine }, coach, { platformUserId: CLIENT_USER }, "rehearsal:enroll");
  await prisma.client.update({
    where: { id: clientId },
    data: { timezone: journey.timezone, ...(journey.checkin ? { checkinWeekday: journey.checkin.weekday, checkinTime: journey.checkin.time } : {}) },
  });
  return clientId;
}

async function pass(scheduler: SchedulerDeps, at: Date): Promise<void> {
  const report = await runSchedulerPass(scheduler, at);
  if (report.failed > 0) throw new RehearsalFailure(`${formatInstant(at)}: ${report.failed} scheduled job(s) failed; the error is logged above`);
}

/** The earliest instant at which the bot has work: a scheduled job, or a message waiting to be sent. */
async function nextDueInstant(core: Core): Promise<Date | null> {
  const { prisma } = core.db;
  const [job, message] = await Promise.all([
    prisma.scheduledJob.findFirst({ where: { status: "pending" }, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
    prisma.outboxMessage.findFirst({ where: { status: "pending" }, orderBy: { availableAt: "asc" }, select: { availableAt: true } }),
  ]);
  const times = [job?.dueAt, message?.availableAt].filter((t): t is Date => t !== undefined);
  return times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : null;
}

/** Prints each delivered prompt as the console renders it, marked with who receives it. */
function transcriptDeliverer(write: (who: Speaker, text: string) => void): Deliverer {
  return {
    async deliver(message) {
      const who: Speaker = message.recipient === CLIENT_USER ? "bot>client" : message.recipient === COACH_USER ? "bot>coach" : "bot>team";
      const texts = message.prompts.map(renderPrompt);
      // Attachments are further lines of the message they came with.
      const attached = (message.attachments ?? []).map((file) => `[attachment: ${file.filename}]`);
      if (attached.length) texts.push([texts.pop() ?? attached.shift()!, ...attached].join("\n"));
      for (const text of texts) write(who, text);
      return {};
    },
  };
}
