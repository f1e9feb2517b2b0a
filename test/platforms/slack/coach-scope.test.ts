// Coach rights belong to one tenant (issue 11, finding 5). With installs in many workspaces a
// COACH_USER_IDS entry names its workspace ("T…:U…") and a plain one applies nowhere; with one
// bot token a plain entry applies in that token's workspace only. Installing the app makes its
// first installer the workspace's coach; installing it again makes nobody one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wording } from "../../../src/platforms/slack/wording.js";
import type { Workspace } from "./support/fake-slack-api.js";
import { OAUTH, startWorld, type World } from "./support/world.js";

const BETA: Workspace = { token: "xoxb-beta-token", teamId: "T_BETA", team: "Beta Inc", botUserId: "UBOT_BETA", botId: "BBOT_BETA" };
const GAMMA: Workspace = { token: "xoxb-gamma-token", teamId: "T_GAMMA", team: "Gamma Ltd", botUserId: "UBOT_GAMMA", botId: "BBOT_GAMMA" };
const NO_CLIENTS = "You have no clients yet. Enroll one with /coach enroll @person.";

describe("installs through OAuth", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ mode: "oauth", coachUserIds: ["U_LEAD", "T_BETA:U_BETA_COACH"] });
  }, 120_000);
  afterAll(async () => world?.close());

  async function install(workspace: Workspace, code: string, installer: string): Promise<void> {
    world.api.grantCode(code, { workspace, installerUserId: installer, ...OAUTH });
    const started = await fetch(`${world.baseUrl}/slack/install`, { redirect: "manual" });
    const state = new URL(started.headers.get("location")!).searchParams.get("state")!;
    const cookie = started.headers.get("set-cookie")!.split(";")[0]!;
    const done = await fetch(`${world.baseUrl}/slack/oauth_redirect?${new URLSearchParams({ code, state })}`, { redirect: "manual", headers: { cookie } });
    expect(done.status).toBe(200);
    await world.slack.idle();
  }
  const coachRows = (userId: string) => world.db.prisma.coach.findMany({ where: { platformUserId: userId }, include: { tenant: true } });
  const clientsAs = async (userId: string, team: string) => {
    const person = world.user(userId, team);
    person.newReplies();
    await person.command("clients");
    return person.newReplies().join("\n");
  };

  it("the first installer of a workspace is its coach; whoever installs it again is not", async () => {
    await install(BETA, "beta-1", "U_BETA_ADMIN");
    await install(BETA, "beta-2", "U_MALLORY");
    expect((await coachRows("U_BETA_ADMIN")).map((c) => c.tenant.externalId)).toEqual(["T_BETA"]);
    expect(await coachRows("U_MALLORY")).toEqual([]);
    const welcome = world.api.callsTo("chat.postMessage").find((c) => c.body.channel === "U_MALLORY");
    expect(welcome?.body.text).toBe(wording.reinstalledWelcome("Beta Inc"));
    expect(await clientsAs("U_MALLORY", "T_BETA")).toBe(wording.notACoach("clients"));
    expect(await clientsAs("U_BETA_ADMIN", "T_BETA")).toBe(NO_CLIENTS);
  });

  it("an entry naming a workspace makes a coach there and nowhere else", async () => {
    await install(GAMMA, "gamma-1", "U_GAMMA_ADMIN");
    expect(await clientsAs("U_BETA_COACH", "T_BETA")).toBe(NO_CLIENTS);
    expect(await clientsAs("U_BETA_COACH", "T_GAMMA")).toBe(wording.notACoach("clients"));
    expect((await coachRows("U_BETA_COACH")).map((c) => c.tenant.externalId)).toEqual(["T_BETA"]);
    // The installer of one workspace is no coach in another.
    expect(await clientsAs("U_BETA_ADMIN", "T_GAMMA")).toBe(wording.notACoach("clients"));
  });

  it("a plain entry applies in no workspace, and the operator is warned at start", async () => {
    expect(await clientsAs("U_LEAD", "T_BETA")).toBe(wording.notACoach("clients"));
    expect(await clientsAs("U_LEAD", "T_GAMMA")).toBe(wording.notACoach("clients"));
    expect(await coachRows("U_LEAD")).toEqual([]);
    expect(world.logs.some((l) => l.includes("COACH_USER_IDS entries without a workspace are ignored") && l.includes("U_LEAD"))).toBe(true);
  });
});

describe("one workspace with a bot token", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ coachUserIds: ["U_LEAD"] });
  }, 120_000);
  afterAll(async () => world?.close());

  it("a plain entry is a coach in the token's workspace only, not in another one reaching the bot", async () => {
    const home = world.user("U_LEAD");
    await home.command("clients");
    expect(home.newReplies().join("\n")).toBe(NO_CLIENTS);
    // The same user id from another workspace (a shared channel's other side).
    const elsewhere = world.user("U_LEAD", "T_ELSEWHERE");
    elsewhere.newReplies();
    await elsewhere.command("clients");
    expect(elsewhere.newReplies().join("\n")).toBe(wording.notACoach("clients"));
    const rows = await world.db.prisma.coach.findMany({ where: { platformUserId: "U_LEAD" }, include: { tenant: true } });
    expect(rows.map((c) => c.tenant.externalId)).toEqual(["T_ACME"]);
  });
});
