// Who is a coach, per platform: each adapter picks one of these strategies and supplies what
// only it can know (display names, roles, permissions) and its own refusal wording.
// Coach rights belong to one tenant: a Coach row is a person in one workspace or server, and a
// COACH_USER_IDS entry names the tenant it applies to (see listedAsCoach).
import { ensureCoach } from "../coach/roster.js";
import type { InboundTenant } from "../engine/inbound.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";
import { coachByUser, coachSetup, ensureLocalCoach } from "../store/people.js";
import type { AccessStrategy, Actor } from "./types.js";

/**
 * Whether COACH_USER_IDS makes `userId` a coach of the tenant `tenantId` (a workspace or server id).
 * An entry "T123:U456" applies in tenant T123 only. A plain entry "U456" applies only in `home`:
 * the one tenant of a single-workspace install (Slack with a bot token, one Discord deployment);
 * with installs in many workspaces (Slack OAuth) `home` is null and plain entries apply nowhere.
 */
export function listedAsCoach(entries: readonly string[], tenantId: string, userId: string, home: string | null): boolean {
  return entries.some((entry) => {
    const colon = entry.indexOf(":");
    if (colon < 0) return home !== null && tenantId === home && entry === userId;
    return entry.slice(0, colon) === tenantId && entry.slice(colon + 1) === userId;
  });
}

/** The COACH_USER_IDS entries with no tenant ("U456"), which a multi-workspace install ignores. */
export function unscopedCoachEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => !entry.includes(":"));
}

/**
 * Slack: a person with a Coach row in this workspace (the first installer gets one), or listed
 * in COACH_USER_IDS for this workspace: registered as its coach on first use.
 */
export function listedCoaches(opts: {
  prisma: PrismaClient;
  /** COACH_USER_IDS, read for this tenant (listedAsCoach). */
  listed(tenant: InboundTenant, platformUserId: string): boolean;
  displayName(actor: Actor): Promise<string>;
  refusal(command: string): string;
  log: Logger;
}): AccessStrategy {
  return {
    async coach(tenant, actor, command) {
      const found = await coachByUser(opts.prisma, tenant, actor.platformUserId);
      if (found) return { ok: true, coach: found };
      if (!opts.listed(tenant, actor.platformUserId)) return { ok: false, reply: opts.refusal(command) };
      const coach = await ensureCoach(opts.prisma, tenant, actor.platformUserId, await opts.displayName(actor));
      opts.log.info("coach registered from COACH_USER_IDS", { tenant: tenant.externalId, userId: actor.platformUserId });
      return { ok: true, coach };
    },
  };
}

/**
 * Discord: a person with a Coach row (COACH_USER_IDS registers these on start), or holding the
 * tenant's coach role (registered on first use), or, only to link a team channel in the
 * configured server, a member who may manage it. "Not set up" (no coach, no role) in a server
 * gets a set-up hint instead of a refusal.
 */
export function roleCoaches(opts: {
  prisma: PrismaClient;
  holdsRole(roleId: string): Promise<boolean>;
  /** True when this member may manage the configured server (then linking a team makes them a coach). */
  managesServer: boolean;
  inServer: boolean;
  refusal: { refused(command: string): string; notSetUp: string };
  log: Logger;
}): AccessStrategy {
  return {
    async coach(tenant: InboundTenant, actor: Actor, command: string) {
      const setup = await coachSetup(opts.prisma, tenant, actor.platformUserId);
      if (setup.coach) return { ok: true, coach: setup.coach };
      const register = () => ensureCoach(opts.prisma, tenant, actor.platformUserId, actor.displayName ?? actor.platformUserId);
      if (setup.coachRoleId && (await opts.holdsRole(setup.coachRoleId))) {
        opts.log.info("a member with the coach role is registered as a coach", { userId: actor.platformUserId });
        return { ok: true, coach: await register() };
      }
      if (command === "team link" && opts.managesServer) {
        opts.log.info("a member who can manage the server is registered as a coach", { userId: actor.platformUserId });
        return { ok: true, coach: await register() };
      }
      const setUp = setup.exists && (setup.coachCount > 0 || setup.coachRoleId !== null);
      return { ok: false, reply: !setUp && opts.inServer ? opts.refusal.notSetUp : opts.refusal.refused(command) };
    },
  };
}

/** The console: whoever runs it is its one coach. */
export function localCoach(prisma: PrismaClient, coach: { platformUserId: string; name: string }): AccessStrategy {
  return {
    async coach(tenant, actor, command) {
      if (actor.platformUserId !== coach.platformUserId) return { ok: false, reply: `Only the console's coach can use /coach ${command}.` };
      return { ok: true, coach: await ensureLocalCoach(prisma, tenant, coach) };
    },
  };
}

/** Registers a coach (an installer, a listed id): their tenant is created on first use. */
export async function registerCoach(prisma: PrismaClient, tenant: InboundTenant, platformUserId: string, name: string): Promise<{ tenantId: string }> {
  const coach = await ensureCoach(prisma, tenant, platformUserId, name);
  return { tenantId: coach.tenantId };
}
