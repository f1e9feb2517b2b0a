// One reminder per member per team check-in, by DM through the outbox. TeamAnswer.reminderSentAt
// is the guard: the reminder is claimed by setting it (only where it is still null), in the same
// transaction that queues the DM, so however often remindTeam runs, on however many instances,
// a member is reminded at most once per check-in. A member who has not answered gets a
// placeholder answer row (no numbers: not counted) to carry that guard.

import { fillTemplate } from "../domain/script.js";
import type { TeamDeps } from "./channel.js";
import { teamCheckInPromptId } from "./prompt-id.js";

export interface TeamMemberToRemind {
  clientId: string;
  platformUserId: string;
  name: string | null;
}

/**
 * Members of the team who have not answered the period's check-in and were not reminded yet.
 * Left out: members we cannot reach (DMs closed), paused ones, closed programs. Empty when the
 * team has no check-in for the period.
 */
export async function membersToRemind(deps: Pick<TeamDeps, "prisma" | "clock">, teamId: string, period: string): Promise<TeamMemberToRemind[]> {
  const { prisma, clock } = deps;
  const checkIn = await prisma.teamCheckIn.findUnique({ where: { teamId_period: { teamId, period } }, select: { id: true } });
  if (!checkIn) return [];
  const now = clock.now();
  const members = await prisma.teamMember.findMany({
    where: {
      teamId,
      client: {
        reachable: true,
        status: { not: "closed" },
        OR: [{ pausedUntil: null }, { pausedUntil: { lte: now } }],
        // No row for this check-in, or a row without both numbers that was not reminded yet.
        NOT: {
          teamAnswers: {
            some: { teamCheckInId: checkIn.id, OR: [{ reminderSentAt: { not: null } }, { AND: [{ achievement: { not: null } }, { mood: { not: null } }] }] },
          },
        },
      },
    },
    include: { client: { select: { id: true, platformUserId: true, name: true } } },
    orderBy: { joinedAt: "asc" },
  });
  return members.map((m) => ({ clientId: m.client.id, platformUserId: m.client.platformUserId, name: m.client.name }));
}

/**
 * Queues one reminder DM for each member in membersToRemind, then delivers the outbox when
 * `deps.deliverOutbox` is given. Returns who was reminded by this call (a second call for the
 * same period reminds nobody).
 */
export async function remindTeam(deps: TeamDeps, teamId: string, period: string): Promise<{ reminded: TeamMemberToRemind[] }> {
  const { prisma, clock, log } = deps;
  const members = await membersToRemind(deps, teamId, period);
  const reminded: TeamMemberToRemind[] = [];
  if (members.length > 0) {
    const checkIn = await prisma.teamCheckIn.findUniqueOrThrow({ where: { teamId_period: { teamId, period } }, include: { team: true } });
    const text = fillTemplate(deps.catalog.messages.teamReminder, { team: checkIn.team.name, period });
    for (const member of members) {
      const now = clock.now();
      const claimed = await prisma.$transaction(async (tx) => {
        const key = { teamCheckInId_clientId: { teamCheckInId: checkIn.id, clientId: member.clientId } };
        await tx.teamAnswer.upsert({ where: key, create: { teamCheckInId: checkIn.id, clientId: member.clientId, answeredAt: now }, update: {} });
        const { count } = await tx.teamAnswer.updateMany({
          where: { teamCheckInId: checkIn.id, clientId: member.clientId, reminderSentAt: null, OR: [{ achievement: null }, { mood: null }] },
          data: { reminderSentAt: now },
        });
        if (count !== 1) return false;
        await tx.outboxMessage.create({
          data: {
            tenantId: checkIn.team.tenantId,
            clientId: member.clientId,
            recipient: member.platformUserId,
            kind: "team_reminder",
            dedupeKey: `team-reminder:${checkIn.id}:${member.clientId}`,
            payload: { prompts: [{ id: teamCheckInPromptId(checkIn.id), text, input: { kind: "none" } }] },
            availableAt: now,
          },
        });
        return true;
      });
      if (claimed) reminded.push(member);
    }
    log.info("teams: reminders queued", { teamId, period, count: reminded.length });
  }
  if (reminded.length > 0) await deps.deliverOutbox?.();
  return { reminded };
}
