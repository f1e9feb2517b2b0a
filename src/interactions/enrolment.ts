// Enrolling someone and handing a client over, the same on every platform. Someone new is
// enrolled at once; someone another coach coaches (or who talks with the bot without a coach)
// is only asked: nothing moves until they agree or their coach releases them.
import { enrollClient } from "../coach/roster.js";
import { releaseClient, requestTransfer } from "../engine/transfers.js";
import { attachNotes, queueNote } from "../store/notes.js";
import { clientWithCoach } from "../store/people.js";
import { ownClient } from "./coaching.js";
import type { CoachHandler } from "./context.js";
import { findArea } from "./options.js";
import { privateReply } from "./types.js";
import { wording } from "./wording.js";

/**
 * Enrolls a person. The invitation, with the suggested area if any, goes through the outbox
 * before the machine's greeting, so the first DM is no surprise.
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
  if (before && before.coach?.id !== coach.id) {
    // Someone else's client (or nobody's, with a history): ask, never move.
    const asked = await requestTransfer(deps, before.id, coach, interaction.eventId, deps.clock.now());
    await deps.deliver();
    if (asked === "alreadyAsked") return privateReply(wording.transferPending(who));
    if (asked === "otherPending") return privateReply(wording.transferOtherPending(who));
    return privateReply(wording.transferAsked(who, before.coach?.name ?? null, voice.command("release")));
  }
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
  // Kept as their name until they give theirs, so the coach's digest can say who they are.
  const name = person.displayName ?? (await voice.name?.(person.platformUserId));
  const { clientId, isNew } = await enrollClient(
    { prisma: deps.prisma, engine: deps.engine },
    coach,
    { platformUserId: person.platformUserId, ...(name ? { name } : {}) },
    interaction.eventId,
  );
  if (isNew) await attachNotes(deps.prisma, coach.tenantId, person.platformUserId, clientId);
  await deps.deliver();
  if (!voice.reachable(person.platformUserId)) return privateReply(wording.enrollDmClosed(who));
  if (isNew) return privateReply(wording.enrolled(who, area?.label ?? null));
  return privateReply(wording.reenrolled(who, null));
};

/** The client's coach hands them over to the coach who asked for them. */
export const release: CoachHandler = async (ctx, args) => {
  const person = args.person("user")!;
  const client = await ownClient(ctx, person);
  if ("visibility" in client) return client;
  const who = ctx.voice.mention(person.platformUserId);
  const released = await releaseClient(ctx.deps, client.id, ctx.interaction.eventId, ctx.deps.clock.now());
  await ctx.deps.deliver();
  return privateReply(released ? wording.released(who, released.to) : wording.nothingToRelease(who));
};
