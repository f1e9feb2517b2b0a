// One handler per coach feature about clients: enroll, the roster, the preparation view, the
// digest, and booking the next session. One policy each, for every platform.
import { queueCoachDigest } from "../coach/digest.js";
import { enrollClient, rosterText } from "../coach/roster.js";
import { attachNotes, queueNote } from "../store/notes.js";
import { clientOfCoach, clientWithCoach } from "../store/people.js";
import type { CoachHandler, HandlerContext } from "./context.js";
import { findArea } from "./options.js";
import { type CoachIdentity, type PersonArg, privateReply } from "./types.js";
import { wording } from "./wording.js";

/** The coach's own client named in `person`, or the reply saying they are not. */
export async function ownClient(ctx: HandlerContext & { coach: CoachIdentity }, person: PersonArg) {
  const client = await clientOfCoach(ctx.deps.prisma, ctx.coach, person.platformUserId);
  return client ?? privateReply(wording.notYourClient(ctx.voice.mention(person.platformUserId), ctx.voice.command("enroll")));
}

/**
 * Enrolls a person (or moves them to this coach). The invitation, with the suggested area if
 * any, goes through the outbox before the machine's greeting, so the first DM is no surprise.
 */
export const enroll: CoachHandler = async (ctx, args) => {
  const { deps, coach, voice, interaction } = ctx;
  const person = args.person("user")!;
  if (person.bot) return privateReply(wording.notABot);
  const given = args.text("area");
  const area = given ? findArea(deps.catalog, given) : null;
  if (given && !area) return privateReply(wording.unknownArea(given, deps.catalog.domains.map((d) => d.label).join(", ")));
  const who = voice.mention(person.platformUserId);
  const before = await clientWithCoach(deps.prisma, coach.tenantId, person.platformUserId);
  if (!before || area) {
    // By name: the note goes through the outbox as plain text, where a mention would not render.
    const text = before ? wording.suggested(coach.name, area!.label) : wording.invited(coach.name, area?.label ?? null);
    await queueNote(deps.prisma, {
      tenantId: coach.tenantId,
      clientId: before?.id ?? null,
      recipient: person.platformUserId,
      dedupeKey: `enroll-invite:${interaction.eventId}`,
      text,
      at: deps.clock.now(),
    });
  }
  const { clientId, isNew } = await enrollClient(
    { prisma: deps.prisma, engine: deps.engine },
    coach,
    { platformUserId: person.platformUserId, ...(person.displayName ? { name: person.displayName } : {}) },
    interaction.eventId,
  );
  if (isNew) await attachNotes(deps.prisma, coach.tenantId, person.platformUserId, clientId);
  await deps.deliver();
  if (!voice.reachable(person.platformUserId)) return privateReply(wording.enrollDmClosed(who));
  if (isNew) return privateReply(wording.enrolled(who, area?.label ?? null));
  const previous = before?.coach && before.coach.id !== coach.id ? before.coach.name : null;
  return privateReply(wording.reenrolled(who, previous));
};

export const clients: CoachHandler = async ({ deps, coach }) => privateReply(await rosterText(deps.prisma, deps.catalog, coach.id));

export const preparation: CoachHandler = async (ctx, args) => {
  const client = await ownClient(ctx, args.person("user")!);
  return "visibility" in client ? client : privateReply(await ctx.deps.desk.prep(client.id));
};

export const digest: CoachHandler = async ({ deps, coach, interaction }) => {
  await queueCoachDigest(deps.prisma, deps.catalog, coach.id, deps.clock.now(), interaction.eventId);
  await deps.deliver();
  return privateReply(deps.catalog.digest.onItsWay);
};

export const dashboard: CoachHandler = async ({ deps, coach }) => {
  if (!deps.dashboardLink) return privateReply(wording.dashboardUnavailable);
  return privateReply(wording.dashboardLink(await deps.dashboardLink({ tenantId: coach.tenantId, coachId: coach.id })));
};

export const schedule: CoachHandler = async (ctx, args) => {
  const client = await ownClient(ctx, args.person("user")!);
  return "visibility" in client ? client : privateReply(await ctx.deps.desk.schedule(client.id, args.text("when")!));
};
