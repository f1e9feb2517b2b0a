// The week's team check-in: linking a channel to a team, posting the check-in there once per
// period, keeping the post's aggregate current, and what happens when the channel is gone.

import { fillTemplate } from "../domain/script.js";
import { aggregateStoredAnswers, type TeamAggregate } from "../domain/team-aggregate.js";
import type { Platform } from "../engine/inbound.js";
import { TeamChannelUnreachableError, type TeamCheckInPost, type TeamDeps } from "./channel.js";

/**
 * Stands in TeamCheckIn.platformMessageId while one instance posts, so two instances (or two
 * scheduler ticks) never post the same week twice. A claim older than CLAIM_TIMEOUT_MS belongs
 * to an instance that died while posting and is taken over.
 */
const POSTING = "posting";
const CLAIM_TIMEOUT_MS = 2 * 60_000;

/** Links `channelId` to a team coached by `coach` (relinking updates it and makes it reachable again). */
export async function linkTeam(
  deps: Pick<TeamDeps, "prisma">,
  link: { coach: { id: string; tenantId: string }; channelId: string; name: string },
): Promise<{ team: { id: string; name: string; channelId: string }; created: boolean }> {
  const where = { tenantId_channelId: { tenantId: link.coach.tenantId, channelId: link.channelId } };
  const existing = await deps.prisma.team.findUnique({ where });
  const team = await deps.prisma.team.upsert({
    where,
    create: { tenantId: link.coach.tenantId, channelId: link.channelId, name: link.name, coachId: link.coach.id },
    update: { name: link.name, coachId: link.coach.id, reachable: true },
  });
  return { team: { id: team.id, name: team.name, channelId: team.channelId }, created: !existing };
}

export type PostTeamCheckInResult =
  | { status: "posted" | "already_posted"; post: TeamCheckInPost; messageId: string }
  /** The team's channel cannot be reached (now, or since earlier): nothing was posted. */
  | { status: "unreachable"; reason: string }
  /** No adapter is running for the team's platform: try again later. */
  | { status: "no_channel"; platform: string }
  /** Another instance is posting this check-in right now. */
  | { status: "busy" };

/**
 * Posts the team's check-in for `period` in its channel, once: calling again for the same period
 * returns "already_posted". Errors other than an unreachable channel are thrown (the caller
 * retries; nothing was posted).
 */
export async function postTeamCheckIn(deps: TeamDeps, teamId: string, period: string): Promise<PostTeamCheckInResult> {
  const { prisma, clock, log } = deps;
  const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId }, include: { tenant: { select: { platform: true } } } });
  if (!team.reachable) return { status: "unreachable", reason: "marked unreachable earlier" };
  const channel = deps.channels[team.tenant.platform as Platform];
  if (!channel) {
    log.warn("teams: no adapter is running for the team's platform", { teamId, platform: team.tenant.platform });
    return { status: "no_channel", platform: team.tenant.platform };
  }
  const now = clock.now();
  const checkIn = await prisma.teamCheckIn.upsert({
    where: { teamId_period: { teamId, period } },
    create: { teamId, period, postedAt: now },
    update: {},
  });
  if (checkIn.platformMessageId && checkIn.platformMessageId !== POSTING) {
    return { status: "already_posted", post: await describe(deps, checkIn.id), messageId: checkIn.platformMessageId };
  }
  const claimed = await prisma.teamCheckIn.updateMany({
    where: {
      id: checkIn.id,
      OR: [{ platformMessageId: null }, { platformMessageId: POSTING, postedAt: { lt: new Date(now.getTime() - CLAIM_TIMEOUT_MS) } }],
    },
    data: { platformMessageId: POSTING, postedAt: now },
  });
  if (claimed.count !== 1) return { status: "busy" };

  const post = await describe(deps, checkIn.id);
  try {
    const { messageId } = await channel.post(post);
    await prisma.teamCheckIn.update({ where: { id: checkIn.id }, data: { platformMessageId: messageId, postedAt: clock.now() } });
    log.info("teams: check-in posted", { teamId, period, messageId });
    return { status: "posted", post, messageId };
  } catch (error) {
    await prisma.teamCheckIn.update({ where: { id: checkIn.id }, data: { platformMessageId: null } });
    if (!(error instanceof TeamChannelUnreachableError)) throw error;
    await markTeamUnreachable(deps, teamId, error.reason);
    return { status: "unreachable", reason: error.reason };
  }
}

/** The shareable aggregate of a team's check-in (all zero when there is none for the period). */
export async function teamAggregate(deps: Pick<TeamDeps, "prisma">, teamId: string, period: string): Promise<TeamAggregate> {
  const checkIn = await deps.prisma.teamCheckIn.findUnique({ where: { teamId_period: { teamId, period } }, select: { id: true } });
  return checkIn ? aggregateOf(deps, checkIn.id) : aggregateStoredAnswers([]);
}

export async function aggregateOf(deps: Pick<TeamDeps, "prisma">, checkInId: string): Promise<TeamAggregate> {
  const answers = await deps.prisma.teamAnswer.findMany({
    where: { teamCheckInId: checkInId },
    include: { client: { select: { platformUserId: true, name: true } } },
    orderBy: { answeredAt: "asc" },
  });
  return aggregateStoredAnswers(answers);
}

async function describe(deps: Pick<TeamDeps, "prisma">, checkInId: string): Promise<TeamCheckInPost> {
  const checkIn = await deps.prisma.teamCheckIn.findUniqueOrThrow({
    where: { id: checkInId },
    include: { team: { include: { tenant: { select: { externalId: true } } } } },
  });
  return {
    checkInId,
    teamId: checkIn.teamId,
    teamName: checkIn.team.name,
    channelId: checkIn.team.channelId,
    workspace: checkIn.team.tenant.externalId,
    period: checkIn.period,
    aggregate: await aggregateOf(deps, checkInId),
  };
}

// Refreshes of one check-in's post run one after another in this process, each reading the
// answers afresh, so the last edit always shows the latest answers.
const refreshing = new Map<string, Promise<void>>();

/**
 * Brings the check-in's post up to date with the answers (called after each answer). Failures
 * are logged, never thrown: the answer is saved either way, and the next one refreshes again.
 */
export function refreshTeamCheckIn(deps: TeamDeps, checkInId: string): Promise<void> {
  const previous = refreshing.get(checkInId) ?? Promise.resolve();
  const run = previous.then(() => refreshNow(deps, checkInId));
  const settled = run.finally(() => {
    if (refreshing.get(checkInId) === settled) refreshing.delete(checkInId);
  });
  refreshing.set(checkInId, settled);
  return settled;
}

async function refreshNow(deps: TeamDeps, checkInId: string): Promise<void> {
  const { prisma, clock, log } = deps;
  try {
    const checkIn = await prisma.teamCheckIn.findUnique({
      where: { id: checkInId },
      include: { team: { include: { tenant: { select: { platform: true } } } } },
    });
    const messageId = checkIn?.platformMessageId;
    if (!checkIn || !messageId || messageId === POSTING || !checkIn.team.reachable) return;
    const channel = deps.channels[checkIn.team.tenant.platform as Platform];
    if (!channel) return;
    const post = await describe(deps, checkInId);
    const shown = await channel.update(post, messageId);
    await prisma.teamCheckIn.update({
      where: { id: checkInId },
      data: { platformMessageId: shown.messageId, ...(post.aggregate.answered > 0 ? { aggregatePostedAt: clock.now() } : {}) },
    });
  } catch (error) {
    if (error instanceof TeamChannelUnreachableError) {
      const checkIn = await prisma.teamCheckIn.findUnique({ where: { id: checkInId }, select: { teamId: true } });
      if (checkIn) await markTeamUnreachable(deps, checkIn.teamId, error.reason);
      return;
    }
    log.error("teams: could not refresh a check-in post", { checkInId, error });
  }
}

/**
 * The team's channel cannot be reached: stop posting there and tell the team's coach, once per
 * episode (relinking the channel makes the team reachable again).
 */
export async function markTeamUnreachable(deps: TeamDeps, teamId: string, reason: string): Promise<void> {
  const { prisma, clock, log } = deps;
  const { count } = await prisma.team.updateMany({ where: { id: teamId, reachable: true }, data: { reachable: false } });
  if (count !== 1) return;
  const team = await prisma.team.findUniqueOrThrow({ where: { id: teamId }, include: { coach: true } });
  log.warn("teams: the team's channel cannot be reached; team check-ins stop", { teamId, channelId: team.channelId, reason });
  if (!team.coach) {
    log.warn("teams: the unreachable team has no coach to tell", { teamId });
    return;
  }
  const now = clock.now();
  await prisma.outboxMessage.create({
    data: {
      tenantId: team.tenantId,
      recipient: team.coach.platformUserId,
      kind: "coach_note",
      dedupeKey: `team-unreachable:${teamId}:${now.getTime()}`,
      payload: {
        prompts: [
          { id: "team-unreachable", text: fillTemplate(deps.catalog.messages.teamChannelUnreachable, { team: team.name, reason }), input: { kind: "none" } },
        ],
      },
      availableAt: now,
    },
  });
  await deps.deliverOutbox?.();
}
