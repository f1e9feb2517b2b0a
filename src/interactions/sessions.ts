// Running a session: start, next, note (private), goal, share (for the client), end (the coach
// reads the client's summary), send. Which client a step is about: the one
// named, else the one client whose session is running; when several run, the coach is asked
// which one (never a silent pick). Read from the database, so any instance can take the next step.
import type { SessionStep } from "../coach/desk.js";
import { SESSION_MINUTES } from "../coach/desk.js";
import { type ClientRef, clientsInSession } from "../store/people.js";
import { ownClient } from "./coaching.js";
import type { CoachHandler, HandlerContext } from "./context.js";
import type { Args } from "./options.js";
import { type CoachIdentity, privateReply, type Reply } from "./types.js";
import { wording } from "./wording.js";

type CoachContext = HandlerContext & { coach: CoachIdentity };

async function sessionClient(ctx: CoachContext, args: Args, step: string): Promise<{ client: ClientRef; implicit: boolean } | Reply> {
  const named = args.person("user");
  if (named) {
    const client = await ownClient(ctx, named);
    return "visibility" in client ? client : { client, implicit: false };
  }
  const running = await clientsInSession(ctx.deps.prisma, ctx.coach.id);
  const start = ctx.voice.command("session start");
  if (running.length === 0) return privateReply(wording.noSession(start));
  if (running.length > 1) {
    const people = running.map((c) => ctx.voice.mention(c.platformUserId)).join(", ");
    return privateReply(wording.severalSessions(people, `${ctx.voice.command(`session ${step}`)} ${ctx.voice.mention(running[0]!.platformUserId)}`));
  }
  return { client: running[0]!, implicit: true };
}

/** Sends the step; the guide reaches the coach by DM through the outbox. */
async function runStep(ctx: CoachContext, client: ClientRef, implicit: boolean, step: SessionStep): Promise<Reply> {
  await ctx.deps.desk.session(client.id, ctx.interaction.eventId, step);
  await ctx.deps.deliver();
  const coachId = ctx.coach.platformUserId;
  if (!ctx.voice.reachable(coachId)) return privateReply(wording.guideDmClosed);
  const about = implicit ? { about: ctx.voice.mention(client.platformUserId) } : {};
  return privateReply("", { sentByDirectMessage: { recipient: coachId, ...about } });
}

export const startSession: CoachHandler = async (ctx, args) => {
  const client = await ownClient(ctx, args.person("user")!);
  if ("visibility" in client) return client;
  return runStep(ctx, client, false, { step: "start", minutes: args.integer("minutes") ?? SESSION_MINUTES.default });
};

function step(name: "next" | "note" | "goal" | "share" | "end" | "send"): CoachHandler {
  return async (ctx, args) => {
    const found = await sessionClient(ctx, args, name);
    if ("visibility" in found) return found;
    const text = args.text("text") ?? "";
    const s: SessionStep = name === "note" || name === "goal" || name === "share" ? { step: name, text } : { step: name };
    return runStep(ctx, found.client, found.implicit, s);
  };
}

export const nextPhase = step("next");
export const sessionNote = step("note");
export const sessionGoal = step("goal");
export const shareTakeaway = step("share");
export const previewSummary = step("end");
export const sendSummary = step("send");
