// Who may look at the coach dashboard: one-time sign-in links and the sessions they open.
// Tokens are random (256 bits) and only their SHA-256 is stored, so a copy of the database does
// not let anyone sign in. Everything lives in the database, so any instance serves any session.
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "./database.js";

export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
export const SESSION_IDLE_MS = 12 * 3_600_000;
export const SESSION_MAX_MS = 7 * 24 * 3_600_000;
/** lastSeenAt is written at most this often, so reading pages does not mean a write each time. */
const TOUCH_EVERY_MS = 60_000;

/** Who a dashboard session belongs to. An operator has no coach and sees aggregates only. */
export type DashboardViewer =
  | { kind: "coach"; coachId: string; tenantId: string; coachName: string; timezone: string }
  /** tenantId null: every tenant this installation serves. */
  | { kind: "operator"; tenantId: string | null };

export type SignInFor = { tenantId: string; coachId: string } | { operator: true; tenantId?: string };

export type LinkState = "valid" | "used" | "expired" | "unknown";

export class UnknownCoachError extends Error {}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

/** Stores a new one-time link for a coach of that tenant (or an operator) and returns its token. */
export async function createSignInLink(prisma: PrismaClient, who: SignInFor, now: Date): Promise<string> {
  const { token, tokenHash } = newToken();
  if ("operator" in who) {
    await prisma.dashboardLink.create({
      data: { tokenHash, operator: true, tenantId: who.tenantId ?? null, createdAt: now, expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS) },
    });
    return token;
  }
  const coach = await prisma.coach.findFirst({ where: { id: who.coachId, tenantId: who.tenantId }, select: { id: true } });
  if (!coach) throw new UnknownCoachError(`no coach ${who.coachId} in tenant ${who.tenantId}`);
  await prisma.dashboardLink.create({
    data: { tokenHash, coachId: who.coachId, tenantId: who.tenantId, createdAt: now, expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS) },
  });
  return token;
}

/** What a link would do if used now, without using it (the sign-in page a GET shows). */
export async function signInLinkState(prisma: PrismaClient, token: string, now: Date): Promise<LinkState> {
  const link = await prisma.dashboardLink.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!link) return "unknown";
  if (link.usedAt) return "used";
  return link.expiresAt > now ? "valid" : "expired";
}

/**
 * Uses the link up and opens a session; returns the session's token, or why the link was refused.
 * The conditional update makes the link work once even when two instances get it at once.
 */
export async function redeemSignInLink(
  prisma: PrismaClient,
  token: string,
  now: Date,
): Promise<{ sessionToken: string } | { refused: Exclude<LinkState, "valid"> }> {
  const tokenHash = hashToken(token);
  const { count } = await prisma.dashboardLink.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) {
    const state = await signInLinkState(prisma, token, now);
    return { refused: state === "valid" ? "used" : state };
  }
  const link = await prisma.dashboardLink.findUniqueOrThrow({ where: { tokenHash } });
  const session = newToken();
  await prisma.dashboardSession.create({
    data: {
      tokenHash: session.tokenHash,
      tenantId: link.tenantId,
      coachId: link.coachId,
      operator: link.operator,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_MS),
    },
  });
  return { sessionToken: session.token };
}

/** The viewer of a live session (and marks it seen), or null when it ended, expired or never was. */
export async function findDashboardSession(prisma: PrismaClient, token: string, now: Date): Promise<DashboardViewer | null> {
  const session = await prisma.dashboardSession.findUnique({ where: { tokenHash: hashToken(token) }, include: { coach: true } });
  if (!session || session.endedAt || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_IDLE_MS) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await prisma.dashboardSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  if (session.operator) return { kind: "operator", tenantId: session.tenantId };
  // A coach session whose Coach row is gone was deleted with it (cascade); this is the belt.
  if (!session.coach || session.coach.tenantId !== session.tenantId) return null;
  return { kind: "coach", coachId: session.coach.id, tenantId: session.coach.tenantId, coachName: session.coach.name, timezone: session.coach.timezone };
}

export async function endDashboardSession(prisma: PrismaClient, token: string, now: Date): Promise<void> {
  await prisma.dashboardSession.updateMany({ where: { tokenHash: hashToken(token), endedAt: null }, data: { endedAt: now } });
}

/**
 * Ends every session and unused link of a coach, for when they lose coach rights without their
 * Coach row being deleted (e.g. a Discord coach role taken away). Deleting the row does it too.
 */
export async function revokeCoachDashboard(prisma: PrismaClient, coachId: string, now: Date): Promise<void> {
  await prisma.$transaction([
    prisma.dashboardSession.updateMany({ where: { coachId, endedAt: null }, data: { endedAt: now } }),
    prisma.dashboardLink.updateMany({ where: { coachId, usedAt: null }, data: { usedAt: now } }),
  ]);
}
