// Who may use the coach commands. A person is a coach of the deployment's tenant when:
//   1. they have a Coach row (COACH_USER_IDS registers these on start), or
//   2. they hold the tenant's coach role (Tenant.coachRoleId, set from DISCORD_COACH_ROLE_ID on
//      start); they get a Coach row on first use, or
//   3. only for `/coach team link`, in the configured server (DISCORD_GUILD_ID): they hold the
//      Manage Server permission there; linking registers them as a coach.
// Rule 3 is off when commands are global: every server then shares one tenant, and an admin of
// any server the bot was added to must not become a coach of everyone's clients.
// "Not set up" means the tenant has no coach at all and no coach role: a coach command in a
// server then gets a setup hint instead of a refusal.
import { PermissionFlagsBits, type ChatInputCommandInteraction, type Client as DiscordClient } from "discord.js";
import { ensureCoach } from "../../coach/roster.js";
import type { InboundTenant } from "../../engine/inbound.js";
import type { Logger } from "../../log.js";
import type { PrismaClient } from "../../store/database.js";
import { wording } from "./wording.js";

export interface AccessDeps {
  prisma: PrismaClient;
  discord: DiscordClient;
  tenant: () => InboundTenant;
  /** The configured server (DISCORD_GUILD_ID); unset when /coach is global. */
  guildId?: string;
  log: Logger;
}

export interface CoachIdentity {
  id: string;
  tenantId: string;
  platformUserId: string;
  name: string;
}

export type CoachAccess = { ok: true; coach: CoachIdentity; via: "coach" | "role" | "manageServer" } | { ok: false; why: "refused" | "notSetUp" };

export async function coachAccess(deps: AccessDeps, interaction: ChatInputCommandInteraction, opts: { manageServerMayLink?: boolean } = {}): Promise<CoachAccess> {
  const { prisma } = deps;
  const tenant = deps.tenant();
  const row = await prisma.tenant.findUnique({
    where: { platform_externalId: { platform: tenant.platform, externalId: tenant.externalId } },
    include: { coaches: { where: { platformUserId: interaction.user.id } }, _count: { select: { coaches: true } } },
  });
  const existing = row?.coaches[0];
  if (existing) return { ok: true, coach: existing, via: "coach" };

  const name = interaction.user.globalName ?? interaction.user.username;
  const register = () => ensureCoach(prisma, tenant, interaction.user.id, name);
  if (row?.coachRoleId && (await holdsRole(deps, interaction, row.coachRoleId))) {
    deps.log.info("discord: a member with the coach role is registered as a coach", { userId: interaction.user.id });
    return { ok: true, coach: await register(), via: "role" };
  }
  if (opts.manageServerMayLink && deps.guildId && interaction.guildId === deps.guildId && interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    deps.log.info("discord: a member who can manage the server is registered as a coach", { userId: interaction.user.id });
    return { ok: true, coach: await register(), via: "manageServer" };
  }
  const setUp = row !== null && (row._count.coaches > 0 || row.coachRoleId !== null);
  return { ok: false, why: !setUp && interaction.inGuild() ? "notSetUp" : "refused" };
}

/** How to set up coaches here: Manage Server linking is offered only in the configured server. */
export function setupHint(deps: Pick<AccessDeps, "guildId">): string {
  return deps.guildId ? wording.setupHint : wording.setupHintGlobal;
}

/** Whether this person is a coach of the tenant (for acting on a client's data), without registering anyone. */
export async function isCoachOf(prisma: PrismaClient, clientCoachId: string | null, platformUserId: string): Promise<boolean> {
  if (!clientCoachId) return false;
  const coach = await prisma.coach.findUnique({ where: { id: clientCoachId }, select: { platformUserId: true } });
  return coach?.platformUserId === platformUserId;
}

async function holdsRole(deps: AccessDeps, interaction: ChatInputCommandInteraction, roleId: string): Promise<boolean> {
  const member = interaction.member;
  if (member) return Array.isArray(member.roles) ? member.roles.includes(roleId) : member.roles.cache.has(roleId);
  // In the DM there is no member: ask the configured server (no privileged intent needed for one member).
  if (!deps.guildId) return false;
  try {
    const guild = deps.discord.guilds.cache.get(deps.guildId) ?? (await deps.discord.guilds.fetch(deps.guildId));
    const fetched = await guild.members.fetch(interaction.user.id);
    return fetched.roles.cache.has(roleId);
  } catch (error) {
    deps.log.debug("discord: could not look up a member's roles", { userId: interaction.user.id, error });
    return false;
  }
}
