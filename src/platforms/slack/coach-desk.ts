// The coach's /coach commands in Slack: who counts as a coach, enrolling clients, the roster,
// the preparation view and running a session. The work is done by the shared coach services;
// this module finds the coach and the client a command is about, and posts the replies.
import type { InboundTenant } from "../../engine/inbound.js";
import { mention, type CoachCommand } from "./coach-command.js";
import type { CoachRecord } from "./coach-tools.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { displayName } from "./installations.js";
import { postNotice, postText } from "./replies.js";
import { escapeMrkdwn } from "./text.js";
import { wording } from "./wording.js";

export interface CommandFrom {
  tenant: InboundTenant;
  userId: string;
  /** Unique per slash command: the engine applies each session step once. */
  eventId: string;
}

/**
 * The coach behind a request, or null. A person listed in COACH_USER_IDS is registered as a
 * coach of the workspace the first time they use the bot there.
 */
export async function coachOf(rt: SlackRuntime, req: SlackRequest, tenant: InboundTenant, userId: string): Promise<CoachRecord | null> {
  const found = await rt.coach.findCoach(rt.prisma, tenant, userId);
  if (found || !rt.coachUserIds.has(userId)) return found;
  const coach = await rt.coach.ensureCoach(rt.prisma, tenant, userId, await displayName(req.client, userId, rt.log));
  rt.log.info("coach registered from COACH_USER_IDS", { teamId: tenant.externalId, userId });
  return coach;
}

/** Runs a parsed coach command for a coach (the caller has checked they are one). */
export async function runCoachCommand(rt: SlackRuntime, req: SlackRequest, coach: CoachRecord, command: CoachCommand, from: CommandFrom): Promise<void> {
  const notice = (text: string) => postNotice(req.client, from.userId, text, rt.log);
  const text = (body: string) => postText(req.client, from.userId, body, rt.log);
  switch (command.kind) {
    case "enroll":
      return enroll(rt, req, coach, command, from);
    case "clients":
      return text(await rt.coach.rosterText(rt.prisma, rt.catalog, coach.id));
    case "digest":
      await rt.coach.queueDigestNow(coach.id, from.eventId);
      await rt.deliver();
      return notice(rt.catalog.digest.onItsWay);
    case "client": {
      if (!command.person) return notice(wording.needsPerson("client @person"));
      const clientId = await clientOf(rt, coach, command.person);
      if (!clientId) return notice(wording.notYourClient(mention(command.person)));
      return replyAll(rt, req, from.userId, await rt.coach.desk.run({ eventId: from.eventId, clientId, words: ["prep"] }));
    }
    case "session-usage":
      return notice(wording.sessionUsage);
    case "session": {
      const target = await sessionClient(rt, coach, command.action, command.person);
      if ("reply" in target) return notice(target.reply);
      const words =
        command.action === "start"
          ? ["session", "start", ...(command.minutes === null ? [] : [command.minutes])]
          : [command.action, ...(command.text ? command.text.split(/\s+/) : [])];
      await replyAll(rt, req, from.userId, await rt.coach.desk.run({ eventId: from.eventId, clientId: target.clientId, words }));
      // The phase guide and the client's summary were queued by the machine: send them now.
      await rt.deliver();
      return;
    }
  }
}

async function enroll(rt: SlackRuntime, req: SlackRequest, coach: CoachRecord, command: Extract<CoachCommand, { kind: "enroll" }>, from: CommandFrom): Promise<void> {
  const notice = (text: string) => postNotice(req.client, from.userId, text, rt.log);
  if (!command.person) return notice(wording.needsPerson("enroll @person"));
  // The area is a suggestion the client reads before choosing their first focus themselves.
  let area: string | null = null;
  if (command.area) {
    const wanted = command.area.toLowerCase();
    const domain = rt.catalog.domains.find((d) => d.key.toLowerCase() === wanted || d.label.toLowerCase() === wanted);
    if (!domain) return notice(wording.unknownArea(escapeMrkdwn(command.area), rt.catalog.domains.map((d) => d.label).join(", ")));
    area = domain.label;
  }
  const person = command.person;
  const existing = await rt.prisma.client.findUnique({ where: { tenantId_platformUserId: { tenantId: coach.tenantId, platformUserId: person } }, select: { id: true } });
  // Say who sent them before the bot's greeting arrives, so the first DM is not a surprise.
  if (!existing) await postNotice(req.client, person, wording.invited(mention(from.userId), area), rt.log);
  const { isNew } = await rt.coach.enrollClient({ prisma: rt.prisma, engine: rt.engine }, coach, { platformUserId: person }, from.eventId);
  await rt.deliver();
  return notice(isNew ? wording.enrolled(mention(person), area) : wording.reassigned(mention(person)));
}

/** The id of the coach's client with that Slack user id, or null. */
async function clientOf(rt: SlackRuntime, coach: CoachRecord, userId: string): Promise<string | null> {
  const client = await rt.prisma.client.findFirst({ where: { coachId: coach.id, platformUserId: userId }, select: { id: true } });
  return client?.id ?? null;
}

/**
 * Which client a session command is about: the one named, else the one client whose session
 * is running (read from the database, so any instance can take the next command).
 */
async function sessionClient(rt: SlackRuntime, coach: CoachRecord, action: string, person: string | null): Promise<{ clientId: string } | { reply: string }> {
  if (person) {
    const clientId = await clientOf(rt, coach, person);
    return clientId ? { clientId } : { reply: wording.notYourClient(mention(person)) };
  }
  if (action === "start") return { reply: wording.needsPerson("session start @person [minutes]") };
  if (action === "schedule") return { reply: wording.needsPerson("schedule @person YYYY-MM-DD HH:MM") };
  const running = await rt.prisma.coachingSession.findMany({
    where: { phase: { not: "ended" }, client: { coachId: coach.id } },
    select: { clientId: true, client: { select: { platformUserId: true } } },
    orderBy: { startedAt: "desc" },
  });
  const clients = [...new Map(running.map((s) => [s.clientId, s.client.platformUserId])).entries()];
  if (clients.length === 0) return { reply: wording.noSession };
  if (clients.length > 1) return { reply: wording.severalSessions(clients.map(([, userId]) => mention(userId)).join(", ")) };
  return { clientId: clients[0]![0] };
}

async function replyAll(rt: SlackRuntime, req: SlackRequest, userId: string, replies: string[]): Promise<void> {
  for (const reply of replies) await postText(req.client, userId, reply, rt.log);
}
