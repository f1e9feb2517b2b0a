// Installs in any number of workspaces: Bolt's HTTPReceiver serves GET /slack/install (a
// redirect to Slack's consent page, with a signed state in a cookie) and GET
// /slack/oauth_redirect (state check, oauth.v2.access, then our installation store). The
// first installer is welcomed as the workspace's first coach; a later installer is told that
// installing did not make them one.
import type { ServerResponse } from "node:http";
import { type HTTPReceiverOptions, type Installation, webApi } from "@slack/bolt";
import type { Logger } from "../../log.js";
import type { DatabaseInstallationStore } from "./installations.js";
import { escapeMrkdwn } from "./text.js";
import { wording } from "./wording.js";

/** The bot scopes the adapter uses; slack/manifest.yaml asks for exactly these. */
export const BOT_SCOPES = ["chat:write", "commands", "files:write", "im:history", "im:read", "im:write", "users:read"] as const;

export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

type InstallerOptions = Pick<HTTPReceiverOptions, "clientId" | "clientSecret" | "stateSecret" | "scopes" | "installationStore" | "installerOptions">;

export function oauthReceiverOptions(
  settings: OAuthSettings,
  store: DatabaseInstallationStore,
  clientOptions: webApi.WebClientOptions,
  log: Logger,
): InstallerOptions {
  const { logger: _logger, ...apiOptions } = clientOptions;
  return {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    stateSecret: settings.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: store,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // /slack/install goes straight to Slack's consent page (no landing page of our own).
      directInstall: true,
      clientOptions: apiOptions,
      callbackOptions: {
        successAsync: async (installation, _options, _req, res) => {
          const coach = await store.installerIsCoach(installation as Installation);
          await welcomeInstaller(installation as Installation, coach, clientOptions, log);
          successPage(res, installation.team?.name ?? installation.team?.id ?? "your workspace");
        },
      },
    },
  };
}

async function welcomeInstaller(installation: Installation, coach: boolean, clientOptions: webApi.WebClientOptions, log: Logger): Promise<void> {
  if (!installation.bot) return;
  const client = new webApi.WebClient(installation.bot.token, clientOptions);
  const team = escapeMrkdwn(installation.team?.name ?? "your workspace");
  await client.chat
    .postMessage({ channel: installation.user.id, text: coach ? wording.installedWelcome(team) : wording.reinstalledWelcome(team) })
    .catch((error: unknown) => log.warn("slack could not welcome the installer", { user: installation.user.id, error }));
}

function successPage(res: ServerResponse, team: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(
    `<!doctype html><html><head><meta charset="utf-8"><title>Installed</title></head><body><p>${escapeHtml(wording.installedPage(team))}</p></body></html>`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
