// The store as the platform adapters see it: bound functions and read models, built once by the
// composition root, so no adapter holds the database handle (DESIGN.md layer 9: no Prisma in
// adapters). Each entry is one thing an adapter needs: who is a coach (its access strategy),
// registering coaches, the App Home's views, Slack's installations.
import { rosterText } from "../coach/roster.js";
import type { Catalog } from "../domain/catalog.js";
import type { InboundTenant } from "../engine/inbound.js";
import { type ClientHome, clientHome } from "../store/client-home.js";
import type { PrismaClient } from "../store/database.js";
import { clientByUser, coachByUser, ensureLocalCoach, setCoachRole } from "../store/people.js";
import {
  deleteSlackInstallation,
  type SlackInstallationRow,
  saveSlackInstallation,
  slackInstallation,
  slackTokenForMessage,
  workspaceCoaches,
} from "../store/slack-installations.js";
import { listedCoaches, localCoach, registerCoach, roleCoaches } from "./access.js";
import type { AccessStrategy } from "./types.js";

type WithoutStore<T> = Omit<T, "prisma">;

export interface AdapterStore {
  /** Slack's access rule (a Coach row, or COACH_USER_IDS on first use). */
  listedCoaches(opts: WithoutStore<Parameters<typeof listedCoaches>[0]>): AccessStrategy;
  /** Discord's access rule (a Coach row, the coach role, Manage Server to link a team). */
  roleCoaches(opts: WithoutStore<Parameters<typeof roleCoaches>[0]>): AccessStrategy;
  /** The console's: whoever runs it. */
  localCoach(coach: { platformUserId: string; name: string }): AccessStrategy;
  registerCoach(tenant: InboundTenant, platformUserId: string, name: string): Promise<{ tenantId: string }>;
  /** The workspace's tenant, created if new, and how many coaches it has (the first installer rule). */
  workspaceCoaches(tenant: InboundTenant): Promise<{ tenantId: string; coaches: number }>;
  isCoach(tenant: InboundTenant, platformUserId: string): Promise<boolean>;
  setCoachRole(tenant: InboundTenant, coachRoleId: string | null): Promise<void>;
  ensureLocalCoach(tenant: InboundTenant, coach: { platformUserId: string; name: string }): Promise<unknown>;
  clientByUser(tenant: InboundTenant, platformUserId: string): Promise<{ id: string; name: string | null } | null>;
  /** The coach's roster as text (Slack's App Home). */
  rosterView(coachId: string): Promise<string>;
  clientHome(tenant: InboundTenant, platformUserId: string): Promise<ClientHome | null>;
  slackInstallations: {
    save(teamId: string, row: SlackInstallationRow): Promise<void>;
    find(teamId: string): Promise<unknown | null>;
    remove(teamId: string): Promise<number>;
    tokenForMessage(messageId: number): Promise<{ teamId: string | null; botToken: string | null }>;
  };
}

export function adapterStore(prisma: PrismaClient, catalog: Catalog): AdapterStore {
  return {
    listedCoaches: (opts) => listedCoaches({ ...opts, prisma }),
    roleCoaches: (opts) => roleCoaches({ ...opts, prisma }),
    localCoach: (coach) => localCoach(prisma, coach),
    registerCoach: (tenant, platformUserId, name) => registerCoach(prisma, tenant, platformUserId, name),
    workspaceCoaches: (tenant) => workspaceCoaches(prisma, tenant),
    isCoach: async (tenant, platformUserId) => (await coachByUser(prisma, tenant, platformUserId)) !== null,
    setCoachRole: (tenant, coachRoleId) => setCoachRole(prisma, tenant, coachRoleId),
    ensureLocalCoach: (tenant, coach) => ensureLocalCoach(prisma, tenant, coach),
    clientByUser: (tenant, platformUserId) => clientByUser(prisma, tenant, platformUserId),
    rosterView: (coachId) => rosterText(prisma, catalog, coachId),
    clientHome: (tenant, platformUserId) => clientHome(prisma, catalog, tenant, platformUserId),
    slackInstallations: {
      save: (teamId, row) => saveSlackInstallation(prisma, teamId, row),
      find: (teamId) => slackInstallation(prisma, teamId),
      remove: (teamId) => deleteSlackInstallation(prisma, teamId),
      tokenForMessage: (messageId) => slackTokenForMessage(prisma, messageId),
    },
  };
}
