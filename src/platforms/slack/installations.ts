// Installs in many workspaces (OAuth): Bolt's installation store kept in the database, one
// Tenant per workspace, and the Web API client of each workspace for the outbox. Every instance
// reads the same rows, so any instance can serve any workspace.
import { type Installation, type InstallationQuery, type InstallationStore, webApi } from "@slack/bolt";
import type { InboundTenant } from "../../engine/inbound.js";
import type { AdapterStore } from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import { type OutgoingMessage, PermanentDeliveryError } from "../../outbox/sender.js";

export interface InstallationDeps {
  /** The installations' rows, and registering the installer as a coach (bound store functions). */
  installations: AdapterStore["slackInstallations"];
  registerCoach: AdapterStore["registerCoach"];
  workspaceCoaches: AdapterStore["workspaceCoaches"];
  isCoach: AdapterStore["isCoach"];
  /** Options for the WebClient used to look up the installer's name. */
  clientOptions: webApi.WebClientOptions;
  log: Logger;
}

export function slackTenant(teamId: string, name?: string): InboundTenant {
  return { platform: "slack", externalId: teamId, name: name ?? teamId };
}

export class DatabaseInstallationStore implements InstallationStore {
  constructor(private readonly deps: InstallationDeps) {}

  /**
   * Called by Bolt after oauth.v2.access: the workspace becomes a tenant. Its first installer
   * becomes its first coach (someone has to be able to enroll people); whoever installs again
   * later (a re-install, an update of scopes, an admin fixing the app) gets no coach rights
   * from that: installing an app is a workspace permission, not a coaching one.
   */
  async storeInstallation<AuthVersion extends "v1" | "v2">(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const { installations, log } = this.deps;
    // The manifest disables org-wide deployment; each workspace installs on its own.
    if (installation.isEnterpriseInstall || !installation.team) throw new Error("org-wide installs are not supported: install the app in each workspace");
    if (!installation.bot) throw new Error("the installation has no bot token: the app must request bot scopes");
    const teamId = installation.team.id;
    const tenant = slackTenant(teamId, installation.team.name);
    const { tenantId, coaches } = await this.deps.workspaceCoaches(tenant);
    if (coaches === 0) {
      const name = await displayName(new webApi.WebClient(installation.bot.token, this.deps.clientOptions), installation.user.id, log);
      await this.deps.registerCoach(tenant, installation.user.id, name);
      log.info("the first installer of a workspace is its first coach", { teamId, installer: installation.user.id });
    } else {
      log.info("slack app installed again: the installer gets no coach rights from installing", { teamId, installer: installation.user.id, coaches });
    }
    await installations.save(teamId, {
      tenantId,
      enterpriseId: installation.enterprise?.id ?? null,
      botToken: installation.bot.token,
      botUserId: installation.bot.userId,
      installation: JSON.parse(JSON.stringify(installation)) as object,
    });
    log.info("slack app installed in a workspace", { teamId, team: tenant.name, installer: installation.user.id });
  }

  /** Whether the installer is a coach of the workspace they installed in (the welcome says so, or not). */
  async installerIsCoach(installation: Installation<"v1" | "v2", boolean>): Promise<boolean> {
    if (!installation.team) return false;
    return this.deps.isCoach(slackTenant(installation.team.id), installation.user.id);
  }

  /** Bolt's authorize: the token of the workspace an event comes from. */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v1" | "v2", boolean>> {
    const row = query.teamId ? await this.deps.installations.find(query.teamId) : null;
    if (!row) throw new Error(`the app is not installed in workspace ${query.teamId ?? query.enterpriseId ?? "(unknown)"}`);
    return row as Installation<"v1" | "v2", boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    if (!query.teamId) return;
    const count = await this.deps.installations.remove(query.teamId);
    this.deps.log.warn("slack installation removed", { teamId: query.teamId, removed: count });
  }
}

/** The Web API client of each installed workspace, for the outbox (clients are reused per token). */
export function installedWorkspaceClients(
  tokenForMessage: AdapterStore["slackInstallations"]["tokenForMessage"],
  clientOptions: webApi.WebClientOptions,
): (message: OutgoingMessage) => Promise<webApi.WebClient> {
  const clients = new Map<string, webApi.WebClient>();
  return async (message) => {
    const { teamId, botToken } = await tokenForMessage(message.id);
    if (!botToken) throw new PermanentDeliveryError(`the Slack app is not installed in workspace ${teamId ?? "(unknown)"}`, "app_not_installed");
    let client = clients.get(botToken);
    if (!client) clients.set(botToken, (client = new webApi.WebClient(botToken, clientOptions)));
    return client;
  };
}

type SlackUser = NonNullable<Awaited<ReturnType<webApi.WebClient["users"]["info"]>>["user"]>;

/** A person's name as their workspace shows it, from users.info's answer; undefined when it shows none. */
export function shownName(user: SlackUser | undefined): string | undefined {
  return user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || undefined;
}

/** A person's name as their workspace shows it; undefined when Slack cannot tell us. */
export async function shownNameOf(client: webApi.WebClient, userId: string, log: Logger): Promise<string | undefined> {
  try {
    const { user } = await client.users.info({ user: userId });
    return shownName(user);
  } catch (error) {
    log.debug("slack users.info failed; no name for this person", { userId, error });
    return undefined;
  }
}

/** A person's name as their workspace shows it; their user id when Slack cannot tell us. */
export async function displayName(client: webApi.WebClient, userId: string, log: Logger): Promise<string> {
  return (await shownNameOf(client, userId, log)) ?? userId;
}
