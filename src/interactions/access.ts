// Who is a coach, per platform: each adapter picks one of these strategies and supplies what
// only it can know (display names, roles, permissions) and its own refusal wording.
// Today's rights: a coach of the platform's tenant; the trust issue will scope them further.
import { ensureCoach } from "../coach/roster.js";
import type { InboundTenant } from "../engine/inbound.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";
import { coachByUser, coachSetup, ensureLocalCoach } from "../store/people.js";
import type { AccessStrategy, Actor } from "./types.js";

/**
 * Slack: a person with a Coach row (the installer gets one), or listed in COACH_USER_IDS:
 * registered as a coach of the workspace on first use.
 */
export function listedCoaches(opts: {
  prisma: PrismaClient;
  coachUserIds: ReadonlySet<string>;
  displayName(actor: Actor): Promise<string>;
  refusal(command: string): string;
  log: Logger;
}): AccessStrategy {
  return {
    async coach(tenant, actor, command) {
      const found = await coachByUser(opts.prisma, tenant, actor.platformUserId);
      if (found) return { ok: true, coach: found };
      if (!opts.coachUserIds.has(actor.platformUserId)) return { ok: false, reply: opts.refusal(command) };
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
