// Installs in many workspaces: /slack/install sends the browser to Slack with a signed state
// (also set as a cookie); Slack sends it back to /slack/oauth_redirect with a code, which Bolt
// exchanges (oauth.v2.access on the stand-in) and hands to our installation store. Events from
// that workspace are then authorized with its stored token; uninstalling removes it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wording } from "../../../src/platforms/slack/wording.js";
import type { Workspace } from "./support/fake-slack-api.js";
import { OAUTH, startWorld, type World } from "./support/world.js";

const BETA: Workspace = { token: "xoxb-beta-token", teamId: "T_BETA", team: "Beta Inc", botUserId: "UBOT_BETA", botId: "BBOT_BETA" };

let world: World;
beforeAll(async () => {
  world = await startWorld({ mode: "oauth" });
});
afterAll(async () => {
  await world?.close();
});

/** Visits /slack/install like a browser: returns the state Slack will get, and the cookie set with it. */
async function startInstall(): Promise<{ state: string; cookie: string; location: URL }> {
  const response = await fetch(`${world.baseUrl}/slack/install`, { redirect: "manual" });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location")!);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  return { state: location.searchParams.get("state")!, cookie, location };
}

/** Slack sending the browser back after the install was approved. */
function redirect(query: Record<string, string>, cookie?: string): Promise<Response> {
  const url = `${world.baseUrl}/slack/oauth_redirect?${new URLSearchParams(query)}`;
  return fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
}

async function install(code: string, installer: string): Promise<Response> {
  world.api.grantCode(code, { workspace: BETA, installerUserId: installer, ...OAUTH });
  const { state, cookie } = await startInstall();
  const response = await redirect({ code, state }, cookie);
  await world.slack.idle();
  return response;
}

describe("Slack installs through OAuth", () => {
  it("starts without a bot token, serving events, the install link and /healthz", async () => {
    expect(world.slack.mode).toBe("oauth");
    expect(world.api.callsTo("auth.test")).toEqual([]);
    expect((await fetch(`${world.baseUrl}/healthz`)).status).toBe(200);
  });

  it("sends the installer to Slack's consent page with the client id, the bot scopes and a state cookie", async () => {
    const { location, state, cookie } = await startInstall();
    expect(`${location.origin}${location.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(location.searchParams.get("client_id")).toBe(OAUTH.clientId);
    expect(location.searchParams.get("scope")!.split(",")).toEqual(expect.arrayContaining(["chat:write", "commands", "files:write", "im:history"]));
    expect(state.length).toBeGreaterThan(20);
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it("refuses a redirect whose state is not this browser's, and stores nothing", async () => {
    world.api.grantCode("code-forged", { workspace: BETA, installerUserId: "U_EVE", ...OAUTH });
    const { state } = await startInstall();
    const response = await redirect({ code: "code-forged", state }, "slack-app-oauth-state=someone-elses-state");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(world.api.callsTo("oauth.v2.access")).toEqual([]);
    expect(await world.db.prisma.slackInstallation.count()).toBe(0);
  });

  it("exchanges the code with a valid state, stores the installation and makes the installer a coach", async () => {
    const response = await install("code-1", "U_BETA_ADMIN");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("now installed in Beta Inc");
    const [exchange] = world.api.callsTo("oauth.v2.access");
    expect(exchange!.body).toMatchObject({ code: "code-1", client_id: OAUTH.clientId, client_secret: OAUTH.clientSecret });

    const stored = await world.db.prisma.slackInstallation.findUniqueOrThrow({ where: { teamId: "T_BETA" }, include: { tenant: true } });
    expect(stored).toMatchObject({ botToken: BETA.token, botUserId: BETA.botUserId, enterpriseId: null });
    expect(stored.tenant).toMatchObject({ platform: "slack", externalId: "T_BETA", name: "Beta Inc" });
    expect(stored.installation).toMatchObject({
      team: { id: "T_BETA" },
      bot: { token: BETA.token, userId: BETA.botUserId, id: BETA.botId },
      user: { id: "U_BETA_ADMIN" },
    });

    const coach = await world.db.prisma.coach.findFirstOrThrow({ where: { platformUserId: "U_BETA_ADMIN" } });
    expect(coach).toMatchObject({ tenantId: stored.tenantId, name: "Person U_BETA_ADMIN" });
    // The installer is welcomed in their DM, with the new workspace's token.
    const welcome = world.api.callsTo("chat.postMessage").find((c) => c.body.channel === "U_BETA_ADMIN");
    expect(welcome).toMatchObject({ token: BETA.token, body: { text: wording.installedWelcome("Beta Inc") } });
  });

  it("authorizes an event from that workspace with the stored token and answers with it", async () => {
    const dana = world.user("U_DANA", "T_BETA");
    const response = await dana.dm("hi");
    expect(response.status).toBe(200);
    expect(dana.newReplies()).toEqual([expect.stringMatching(/What name would you like me to use\?/)]);
    const reply = world.api.callsTo("chat.postMessage").filter((c) => c.body.channel === "U_DANA");
    expect(reply.map((c) => c.token)).toEqual([BETA.token]);
    const client = await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_DANA" }, include: { tenant: true, coach: true } });
    expect(client.tenant.name).toBe("Beta Inc");
    // A newcomer gets the workspace's first coach: the installer.
    expect(client.coach?.platformUserId).toBe("U_BETA_ADMIN");
  });

  it("lets the installer use coach commands in their workspace", async () => {
    const admin = world.user("U_BETA_ADMIN", "T_BETA");
    await admin.command("clients");
    expect(admin.newReplies().at(-1)).toMatch(/Your clients \(1\):\n {2}- Person U_DANA \(getting started\)/);
  });

  it("ignores an event from a workspace where the app is not installed", async () => {
    const before = world.api.calls.length;
    const response = await world.user("U_STRANGER", "T_UNKNOWN").dm("hi");
    expect(response.status).toBe(200);
    expect(world.api.calls.slice(before)).toEqual([]);
    expect(await world.db.prisma.client.count({ where: { platformUserId: "U_STRANGER" } })).toBe(0);
  });

  it("removes the installation on app_uninstalled; later events from there are not answered", async () => {
    world.api.revokeToken(BETA.token);
    const response = await world.send.event({ type: "app_uninstalled" }, { eventId: "Ev_UNINSTALL_1", team: "T_BETA", botUserId: BETA.botUserId });
    expect(response.status).toBe(200);
    await world.slack.idle();
    expect(await world.db.prisma.slackInstallation.count({ where: { teamId: "T_BETA" } })).toBe(0);
    // The workspace's coaching data stays, ready for a re-install.
    expect(await world.db.prisma.client.count({ where: { platformUserId: "U_DANA" } })).toBe(1);

    const before = world.api.calls.length;
    await world.user("U_DANA", "T_BETA").dm("Dana");
    expect(world.api.calls.slice(before)).toEqual([]);
  });

  it("gives up at once on a queued message for a workspace that uninstalled the app", async () => {
    const dana = await world.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_DANA" } });
    const row = await world.db.prisma.outboxMessage.create({
      data: {
        tenantId: dana.tenantId,
        clientId: dana.id,
        recipient: "U_DANA",
        kind: "prompt",
        dedupeKey: "oauth-test-1",
        payload: { prompts: [{ id: "x", text: "Hello", input: { kind: "none" } }] },
        availableAt: new Date(),
      },
    });
    await world.sender.deliverDue();
    const after = await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "dead", attempts: 1 });
    expect(after.lastError).toMatch(/not installed in workspace T_BETA/);
  });

  it("takes a re-install, and removes it again when the bot token is revoked (tokens_revoked)", async () => {
    expect((await install("code-2", "U_BETA_ADMIN")).status).toBe(200);
    expect(await world.db.prisma.slackInstallation.count({ where: { teamId: "T_BETA" } })).toBe(1);
    // Revoking only user tokens keeps the installation.
    await world.send.event(
      { type: "tokens_revoked", tokens: { oauth: ["U_BETA_ADMIN"], bot: [] } },
      { eventId: "Ev_REVOKED_1", team: "T_BETA", botUserId: BETA.botUserId },
    );
    await world.slack.idle();
    expect(await world.db.prisma.slackInstallation.count({ where: { teamId: "T_BETA" } })).toBe(1);
    await world.send.event(
      { type: "tokens_revoked", tokens: { bot: [BETA.botUserId] } },
      { eventId: "Ev_REVOKED_2", team: "T_BETA", botUserId: BETA.botUserId },
    );
    await world.slack.idle();
    expect(await world.db.prisma.slackInstallation.count({ where: { teamId: "T_BETA" } })).toBe(0);
  });

  it("logged no errors other than Bolt's refusal of the forged state", () => {
    const errors = world.logs.filter((line) => /"level":"error"/.test(line));
    expect(errors).toEqual([expect.stringContaining("The state parameter is not for this browser session")]);
    expect(world.logs.some((line) => line.includes("slack request from a workspace without an installation ignored"))).toBe(true);
  });
});
