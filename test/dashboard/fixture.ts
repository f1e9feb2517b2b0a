// A small coaching practice for the dashboard tests: coach Kim's clients (one onboarded and
// checked in through the real engine, with a missed week), her team, a second coach (Lee) in the
// same workspace and a coach (Mo) in another workspace, each with a client and a team. The
// dashboard is mounted on a plain node:http server on 127.0.0.1, as the bot's server would.
import { createServer, type IncomingHttpHeaders, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDashboard, type Dashboard } from "../../src/dashboard/index.js";
import { catalog, createHarness, type Harness, onboard, silent } from "../support/harness.js";
import { checkinAnswers } from "../support/scripts.js";

export const FORMULA_ANSWER = '=HYPERLINK("http://evil.example","click")';

export interface Practice {
  h: Harness;
  tenantId: string;
  kim: { id: string; pat: string; ann: string; team: string };
  lee: { id: string; client: string; team: string };
  other: { tenantId: string; coach: string; client: string; team: string };
}

export async function buildPractice(): Promise<Practice> {
  const h = await createHarness();
  const p = h.db.prisma;
  const tenant = await p.tenant.create({ data: { platform: "console", externalId: "local", name: "Console" } });
  const kim = await p.coach.create({ data: { tenantId: tenant.id, platformUserId: "kim", name: "Kim" } });
  await onboard(h, "pat", "Pat");
  // Check-ins in the weeks of 30 Nov, 14 Dec and 21 Dec; the week of 7 Dec is missed.
  for (const [day, answers] of [
    ["2026-11-30", checkinAnswers(40)],
    ["2026-12-14", ["8", FORMULA_ANSWER, "60", "a friend came", "mornings work", "about_right", "keep"]],
    ["2026-12-21", checkinAnswers(70)],
  ] as const) {
    h.clock.set(`${day}T09:00:00Z`);
    await h.say("pat", "/checkin");
    for (const a of answers) await h.say("pat", a);
  }
  h.clock.set("2026-12-22T10:00:00Z");
  const pat = await p.client.findFirstOrThrow({ where: { platformUserId: "pat" } });
  await p.coachingSession.create({
    data: {
      clientId: pat.id,
      coachId: kim.id,
      key: "s1",
      lengthMinutes: 30,
      phase: "ended",
      startedAt: new Date("2026-12-15T15:00:00Z"),
      endedAt: new Date("2026-12-15T15:30:00Z"),
      notes: { opening: ["Tired after a long week"], close: ["Walk after lunch twice"] },
      summary: "Walk after lunch twice",
    },
  });
  await p.flag.createMany({
    data: [
      {
        clientId: pat.id,
        kind: "stuck_low",
        severity: "attention",
        detail: "Achievement low three weeks running",
        suggestedApproach: "Make the goal smaller",
        raisedAt: new Date("2026-12-21T10:00:00Z"),
      },
      {
        clientId: pat.id,
        kind: "medical",
        severity: "urgent",
        detail: "Mentioned chest pain",
        raisedAt: new Date("2026-12-01T10:00:00Z"),
        coachNotifiedAt: new Date("2026-12-01T10:00:05Z"),
        resolvedAt: new Date("2026-12-02T09:00:00Z"),
      },
    ],
  });
  // Two more clients of Kim in exercise "preparation", so that cell of the overview reaches 3.
  const staged = async (tenantId: string, coachId: string, platformUserId: string, name: string) => {
    const c = await p.client.create({ data: { tenantId, coachId, platformUserId, name, status: "active", enrolledAt: new Date("2026-11-20T00:00:00Z") } });
    await p.clientDomain.create({ data: { clientId: c.id, domain: "exercise", stage: "preparation", stageSince: new Date("2026-11-20T00:00:00Z") } });
    return c.id;
  };
  const ann = await staged(tenant.id, kim.id, "ann", "Ann");
  await staged(tenant.id, kim.id, "ben", "Ben");
  const cy = await staged(tenant.id, kim.id, "cy", "Cy");
  await p.flag.create({
    data: { clientId: cy, kind: "crisis", severity: "urgent", detail: "Said they feel hopeless", raisedAt: new Date("2026-12-21T12:00:00Z") },
  });

  const team = await p.team.create({ data: { tenantId: tenant.id, coachId: kim.id, name: "Blue team", channelId: "C-blue" } });
  const members = [pat.id, ann, await p.client.findFirstOrThrow({ where: { platformUserId: "ben" } }).then((c) => c.id), cy];
  for (const clientId of members) await p.teamMember.create({ data: { teamId: team.id, clientId } });
  const full = await p.teamCheckIn.create({ data: { teamId: team.id, period: "2026-W51", postedAt: new Date("2026-12-14T09:00:00Z") } });
  const answers = [
    { achievement: 80, mood: 8, note: "Shared win: walked daily", shareWithTeam: true },
    { achievement: 60, mood: 6, note: "PRIVATE-NOTE knee hurts", shareWithTeam: false },
    { achievement: 40, mood: 5, note: null, shareWithTeam: true },
    { achievement: 20, mood: 3, note: "PRIVATE-NOTE bad week", shareWithTeam: false },
  ];
  for (const [i, a] of answers.entries()) {
    await p.teamAnswer.create({ data: { teamCheckInId: full.id, clientId: members[i]!, ...a, answeredAt: new Date("2026-12-14T12:00:00Z") } });
  }
  const thin = await p.teamCheckIn.create({ data: { teamId: team.id, period: "2026-W52", postedAt: new Date("2026-12-21T09:00:00Z") } });
  for (const i of [0, 1]) {
    await p.teamAnswer.create({
      data: {
        teamCheckInId: thin.id,
        clientId: members[i]!,
        achievement: 90,
        mood: 9,
        note: "PRIVATE-NOTE thin week",
        shareWithTeam: true,
        answeredAt: new Date("2026-12-21T12:00:00Z"),
      },
    });
  }

  const lee = await p.coach.create({ data: { tenantId: tenant.id, platformUserId: "lee", name: "Lee" } });
  const leeClient = await staged(tenant.id, lee.id, "zed", "Zed-of-Lee");
  // A session Lee ran with Pat before Pat moved to Kim: Kim sees that it happened and its summary,
  // never Lee's notes.
  await p.coachingSession.create({
    data: {
      clientId: pat.id,
      coachId: lee.id,
      key: "s0",
      lengthMinutes: 45,
      phase: "ended",
      startedAt: new Date("2026-11-10T15:00:00Z"),
      endedAt: new Date("2026-11-10T15:45:00Z"),
      notes: { opening: ["LEE-PRIVATE-NOTE: worried about the new job"] },
      summary: "Screens off an hour before bed",
    },
  });
  const leeTeam = await p.team.create({ data: { tenantId: tenant.id, coachId: lee.id, name: "Lee's team", channelId: "C-lee" } });

  const otherTenant = await p.tenant.create({ data: { platform: "discord", externalId: "guild-2", name: "Other guild" } });
  const mo = await p.coach.create({ data: { tenantId: otherTenant.id, platformUserId: "mo", name: "Mo" } });
  const otherClient = await staged(otherTenant.id, mo.id, "yan", "Yan-elsewhere");
  const otherTeam = await p.team.create({ data: { tenantId: otherTenant.id, coachId: mo.id, name: "Elsewhere team", channelId: "C-else" } });

  return {
    h,
    tenantId: tenant.id,
    kim: { id: kim.id, pat: pat.id, ann, team: team.id },
    lee: { id: lee.id, client: leeClient, team: leeTeam.id },
    other: { tenantId: otherTenant.id, coach: mo.id, client: otherClient, team: otherTeam.id },
  };
}

export interface Served {
  dashboard: Dashboard;
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves the dashboard at http://127.0.0.1:<free port>; anything else answers 404 like the bot's server. */
export async function serveDashboard(h: Harness, publicUrl?: string): Promise<Served> {
  let dashboard: Dashboard | undefined;
  const server = createServer((req, res) => {
    void dashboard!.routes(req, res).then((handled) => {
      if (!handled) {
        res.statusCode = 404;
        res.end("not found");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dashboard = createDashboard({ prisma: h.db.prisma, catalog, clock: h.clock, log: silent, publicUrl: publicUrl ?? origin });
  return { dashboard, origin, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** One HTTP request as a browser would send it (Origin and cookie given explicitly). */
export function send(
  origin: string,
  method: string,
  path: string,
  options: { cookie?: string; origin?: string | null; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin !== null && method === "POST") headers.origin = options.origin ?? origin;
  if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const all = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: all.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The token of a sign-in link, and the path its GET opens. */
export function linkParts(link: string): { token: string; path: string } {
  const url = new URL(link);
  return { token: url.searchParams.get("token")!, path: `${url.pathname}${url.search}` };
}

/** Signs in with a fresh link for `who` and returns the Cookie header to send. */
export async function signedIn(served: Served, who: Parameters<Dashboard["issueSignInLink"]>[0]): Promise<string> {
  const { token } = linkParts(await served.dashboard.issueSignInLink(who));
  const answer = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token } });
  if (answer.status !== 303) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
  return String(answer.headers["set-cookie"]![0]!.split(";")[0]);
}
