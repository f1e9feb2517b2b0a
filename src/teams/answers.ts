// A member's private answer to a team check-in. Whoever answers becomes a member of the team
// (and a client of the team's coach if they were nobody's client yet). A form with a typo loses
// nothing: every valid field is saved, an invalid number keeps what was stored before (nothing,
// the first time), and the answer counts once both numbers are in.

import { parseAnswer } from "../domain/prompt.js";
import { isCompleteAnswer, type TeamAggregate } from "../domain/team-aggregate.js";
import type { TeamDeps } from "./channel.js";
import { aggregateOf, refreshTeamCheckIn } from "./checkins.js";

export const TEAM_NOTE_MAX = 300;

export interface TeamAnswerInput {
  /** 0-100; null when not given validly (the stored value, if any, is kept). */
  achievement: number | null;
  /** 0-10; null when not given validly (the stored value, if any, is kept). */
  mood: number | null;
  note: string | null;
  shareWithTeam: boolean;
}

export type TeamAnswerField = "achievement" | "mood";

/** Reads the fields of a team check-in form as typed: "70", "70%", "7". */
export function parseTeamAnswer(raw: { achievement: string; mood: string; note?: string | null; share?: string | boolean | null }): {
  answer: TeamAnswerInput;
  problems: TeamAnswerField[];
} {
  const achievement = parseAnswer({ kind: "percent" }, raw.achievement);
  const mood = parseAnswer({ kind: "scale", min: 0, max: 10 }, raw.mood.replace(/\s*\/\s*10$/, ""));
  const note = (raw.note ?? "").trim().slice(0, TEAM_NOTE_MAX);
  const share = typeof raw.share === "boolean" ? raw.share : /^(y|yes|true|share|1)$/i.test((raw.share ?? "").trim());
  const problems: TeamAnswerField[] = [];
  if (!achievement.ok) problems.push("achievement");
  if (!mood.ok) problems.push("mood");
  return {
    answer: {
      achievement: achievement.ok ? Number(achievement.value) : null,
      mood: mood.ok ? Number(mood.value) : null,
      note: note === "" ? null : note,
      shareWithTeam: share,
    },
    problems,
  };
}

export type TeamCheckInRef = { checkInId: string } | { teamId: string; period: string };

export interface RecordedTeamAnswer {
  checkInId: string;
  teamName: string;
  period: string;
  /** What is stored now for this member (numbers possibly kept from an earlier answer). */
  stored: TeamAnswerInput;
  /** Both numbers are in: the answer counts in the aggregate. */
  complete: boolean;
  /** The member answered this check-in before (this answer updated theirs). */
  updated: boolean;
  aggregate: TeamAggregate;
}

export class UnknownTeamCheckInError extends Error {}

/** The member's stored answer to a check-in, e.g. to fill the form in again; null if none. */
export async function storedTeamAnswer(deps: Pick<TeamDeps, "prisma">, checkInId: string, platformUserId: string): Promise<TeamAnswerInput | null> {
  // Answers to one check-in all belong to clients of the team's tenant.
  const row = await deps.prisma.teamAnswer.findFirst({ where: { teamCheckInId: checkInId, client: { platformUserId } } });
  return row ? { achievement: row.achievement, mood: row.mood, note: row.note, shareWithTeam: row.shareWithTeam } : null;
}

/**
 * Saves the member's answer (a second answer updates the first), makes them a member of the
 * team, and refreshes the check-in's post in the channel.
 */
export async function recordTeamAnswer(
  deps: TeamDeps,
  ref: TeamCheckInRef,
  member: { platformUserId: string; name?: string | null },
  answer: TeamAnswerInput,
): Promise<RecordedTeamAnswer> {
  const { prisma, clock } = deps;
  const checkIn = await prisma.teamCheckIn.findUnique({
    where: "checkInId" in ref ? { id: ref.checkInId } : { teamId_period: { teamId: ref.teamId, period: ref.period } },
    include: { team: true },
  });
  if (!checkIn) throw new UnknownTeamCheckInError(`no team check-in for ${JSON.stringify(ref)}`);
  const clientId = await memberClient(deps, checkIn.team, member);
  await prisma.teamMember.upsert({
    where: { teamId_clientId: { teamId: checkIn.teamId, clientId } },
    create: { teamId: checkIn.teamId, clientId },
    update: {},
  });

  const key = { teamCheckInId_clientId: { teamCheckInId: checkIn.id, clientId } };
  const before = await prisma.teamAnswer.findUnique({ where: key });
  const stored: TeamAnswerInput = {
    achievement: answer.achievement ?? before?.achievement ?? null,
    mood: answer.mood ?? before?.mood ?? null,
    note: answer.note === null ? null : answer.note.slice(0, TEAM_NOTE_MAX),
    shareWithTeam: answer.shareWithTeam,
  };
  const now = clock.now();
  await prisma.teamAnswer.upsert({
    where: key,
    create: { teamCheckInId: checkIn.id, clientId, ...stored, answeredAt: now },
    update: { ...stored, answeredAt: now },
  });
  const complete = isCompleteAnswer(stored);
  if (complete || (before && isCompleteAnswer(before))) await refreshTeamCheckIn(deps, checkIn.id);
  return {
    checkInId: checkIn.id,
    teamName: checkIn.team.name,
    period: checkIn.period,
    stored,
    complete,
    updated: before !== null && isCompleteAnswer(before),
    aggregate: await aggregateOf(deps, checkIn.id),
  };
}

/** The member's client id in the team's tenant; a newcomer becomes a client of the team's coach. */
async function memberClient(
  deps: Pick<TeamDeps, "prisma">,
  team: { tenantId: string; coachId: string | null },
  member: { platformUserId: string; name?: string | null },
): Promise<string> {
  const where = { tenantId_platformUserId: { tenantId: team.tenantId, platformUserId: member.platformUserId } };
  const existing = await deps.prisma.client.findUnique({ where, select: { id: true } });
  if (existing) return existing.id;
  // Created directly rather than through enrollClient: answering a team check-in is not asking
  // for one-to-one coaching, so no onboarding greeting is sent. Their coach can enroll them.
  const created = await deps.prisma.client
    .upsert({
      where,
      create: { tenantId: team.tenantId, coachId: team.coachId, platformUserId: member.platformUserId, name: member.name ?? null },
      update: {},
      select: { id: true },
    })
    .catch(async (error: unknown) => {
      // Two first answers of the same person at once: the other one created the row.
      const again = await deps.prisma.client.findUnique({ where, select: { id: true } });
      if (again) return again;
      throw error;
    });
  return created.id;
}
