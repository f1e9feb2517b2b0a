// The dashboard over HTTP, as a browser would talk to it: one-time links, sessions, every page
// and download, and that nothing of another coach or workspace is ever served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken, SESSION_IDLE_MS, SESSION_MAX_MS, SIGN_IN_LINK_TTL_MS } from "../../src/store/dashboard-access.js";
import { catalog } from "../support/harness.js";
import { buildPractice, FORMULA_ANSWER, linkParts, type Practice, type Served, send, serveDashboard, signedIn } from "./fixture.js";

let p: Practice;
let served: Served;
let kim: string;

beforeAll(async () => {
  p = await buildPractice();
  served = await serveDashboard(p.h);
  kim = await signedIn(served, { tenantId: p.tenantId, coachId: p.kim.id });
}, 180_000);
afterAll(async () => {
  await served?.close();
  await p?.h.db.close();
});

const get = (path: string, cookie?: string) => send(served.origin, "GET", path, cookie ? { cookie } : {});

describe("sign-in links", () => {
  it("a GET shows a sign-in form and leaves the link usable; only the POST uses it up", async () => {
    const link = await served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.kim.id });
    expect(link.startsWith(`${served.origin}/dashboard/sign-in?token=`)).toBe(true);
    const { token, path } = linkParts(link);
    for (let i = 0; i < 3; i++) {
      const preview = await get(path);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain('<form method="post" action="/dashboard/sign-in">');
      expect(preview.headers["set-cookie"]).toBeUndefined();
    }
    const signIn = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token } });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe("/dashboard");
    const cookie = signIn.headers["set-cookie"]![0]!;
    expect(cookie).toMatch(/^coach_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/);
    expect((await get("/dashboard", cookie.split(";")[0])).status).toBe(200);
  });

  it("stores only hashes of link and session tokens", async () => {
    const { token } = linkParts(await served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.kim.id }));
    const row = await p.h.db.prisma.dashboardLink.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SIGN_IN_LINK_TTL_MS);
    const sessionToken = kim.split("=")[1]!;
    expect(await p.h.db.prisma.dashboardSession.count({ where: { tokenHash: hashToken(sessionToken) } })).toBe(1);
    expect(await p.h.db.prisma.dashboardSession.count({ where: { tokenHash: sessionToken } })).toBe(0);
  });

  it("refuses a replayed link, and its GET then says it was used", async () => {
    const { token, path } = linkParts(await served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.kim.id }));
    expect((await send(served.origin, "POST", "/dashboard/sign-in", { form: { token } })).status).toBe(303);
    const replay = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token } });
    expect(replay.status).toBe(410);
    expect(replay.text).toContain("already been used");
    expect(replay.headers["set-cookie"]).toBeUndefined();
    expect((await get(path)).text).toContain("already been used");
  });

  it("refuses a link after 15 minutes", async () => {
    const { token, path } = linkParts(await served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.kim.id }));
    const start = p.h.clock.now();
    p.h.clock.advance(SIGN_IN_LINK_TTL_MS);
    try {
      expect((await get(path)).text).toContain("has expired");
      const late = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token } });
      expect(late.status).toBe(410);
      expect(late.headers["set-cookie"]).toBeUndefined();
    } finally {
      p.h.clock.set(start);
    }
  });

  it("refuses an unknown token and a POST from another origin (the link stays usable)", async () => {
    expect((await send(served.origin, "POST", "/dashboard/sign-in", { form: { token: "made-up" } })).status).toBe(404);
    const { token } = linkParts(await served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.kim.id }));
    const forged = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token }, origin: "http://evil.example" });
    expect(forged.status).toBe(403);
    const noOrigin = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token }, origin: null });
    expect(noOrigin.status).toBe(403);
    // What a browser sends from another site's form under no-referrer: Origin null, cross-site.
    const crossSite = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token }, origin: "null", headers: { "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
    const mismatched = await send(served.origin, "POST", "/dashboard/sign-in", {
      form: { token },
      origin: "http://evil.example",
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(mismatched.status).toBe(403);
    // What a browser sends from our own sign-in form under no-referrer.
    expect(
      (await send(served.origin, "POST", "/dashboard/sign-in", { form: { token }, origin: "null", headers: { "sec-fetch-site": "same-origin" } })).status,
    ).toBe(303);
  });

  it("will not make a link for a coach of another workspace", async () => {
    await expect(served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.other.coach })).rejects.toThrow(/no coach/);
  });
});

describe("sessions", () => {
  it("without a session every page says how to get a link and shows no data", async () => {
    for (const path of [
      "/dashboard",
      "/dashboard/roster.csv",
      `/dashboard/clients/${p.kim.pat}`,
      `/dashboard/clients/${p.kim.pat}/checkins.csv`,
      `/dashboard/teams/${p.kim.team}`,
      "/dashboard/program",
    ]) {
      for (const cookie of [undefined, "coach_session=forged"]) {
        const answer = await get(path, cookie);
        expect(answer.status, path).toBe(401);
        expect(answer.text).toContain("/coach dashboard");
        expect(answer.text).not.toContain("Pat");
      }
    }
  });

  it("end after 12 idle hours", async () => {
    const cookie = await signedIn(served, { tenantId: p.tenantId, coachId: p.kim.id });
    const start = p.h.clock.now();
    try {
      p.h.clock.advance(SESSION_IDLE_MS - 60_000);
      expect((await get("/dashboard", cookie)).status).toBe(200);
      p.h.clock.advance(SESSION_IDLE_MS);
      expect((await get("/dashboard", cookie)).status).toBe(401);
    } finally {
      p.h.clock.set(start);
    }
  });

  it("end after 7 days however often they are used", async () => {
    const cookie = await signedIn(served, { tenantId: p.tenantId, coachId: p.kim.id });
    const start = p.h.clock.now();
    try {
      for (let used = 0; used + 11 * 3_600_000 < SESSION_MAX_MS; used += 11 * 3_600_000) {
        p.h.clock.advance(11 * 3_600_000);
        if (p.h.clock.now().getTime() - start.getTime() < SESSION_MAX_MS) expect((await get("/dashboard", cookie)).status).toBe(200);
      }
      p.h.clock.set(new Date(start.getTime() + SESSION_MAX_MS));
      expect((await get("/dashboard", cookie)).status).toBe(401);
    } finally {
      p.h.clock.set(start);
    }
  });

  it("end on sign-out (a POST from this origin only), and the old cookie is refused", async () => {
    const cookie = await signedIn(served, { tenantId: p.tenantId, coachId: p.kim.id });
    expect((await send(served.origin, "POST", "/dashboard/sign-out", { cookie, origin: "http://evil.example" })).status).toBe(403);
    expect((await get("/dashboard", cookie)).status).toBe(200);
    const out = await send(served.origin, "POST", "/dashboard/sign-out", { cookie });
    expect(out.status).toBe(200);
    expect(out.headers["set-cookie"]![0]).toMatch(/^coach_session=; .*Max-Age=0/);
    expect((await get("/dashboard", cookie)).status).toBe(401);
  });

  it("end when the coach loses coach rights: Coach row removed, or revoked", async () => {
    const prisma = p.h.db.prisma;
    const gone = await prisma.coach.create({ data: { tenantId: p.tenantId, platformUserId: "leaving", name: "Leaving" } });
    const cookie = await signedIn(served, { tenantId: p.tenantId, coachId: gone.id });
    const unused = await served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: gone.id });
    expect((await get("/dashboard", cookie)).status).toBe(200);
    await prisma.coach.delete({ where: { id: gone.id } });
    expect((await get("/dashboard", cookie)).status).toBe(401);
    expect((await send(served.origin, "POST", "/dashboard/sign-in", { form: { token: linkParts(unused).token } })).status).toBe(404);

    const demoted = await prisma.coach.create({ data: { tenantId: p.tenantId, platformUserId: "demoted", name: "Demoted" } });
    const demotedCookie = await signedIn(served, { tenantId: p.tenantId, coachId: demoted.id });
    const demotedLink = linkParts(await served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: demoted.id }));
    await served.dashboard.revokeCoach(demoted.id);
    expect((await get("/dashboard", demotedCookie)).status).toBe(401);
    expect((await send(served.origin, "POST", "/dashboard/sign-in", { form: { token: demotedLink.token } })).status).toBe(410);
  });

  it("set a Secure __Host- cookie when PUBLIC_URL is https", async () => {
    const secure = await serveDashboard(p.h, "https://coach.example.org");
    try {
      const link = await secure.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.kim.id });
      expect(link.startsWith("https://coach.example.org/dashboard/sign-in?token=")).toBe(true);
      const { token } = linkParts(link);
      expect((await send(secure.origin, "POST", "/dashboard/sign-in", { form: { token } })).status).toBe(403);
      const ok = await send(secure.origin, "POST", "/dashboard/sign-in", { form: { token }, origin: "https://coach.example.org" });
      expect(ok.headers["set-cookie"]![0]).toMatch(/^__Host-coach_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure$/);
    } finally {
      await secure.close();
    }
  });
});

describe("pages", () => {
  it("roster: Kim's clients only, red flags first, needs attention, stage names as clients see them", async () => {
    const page = await get("/dashboard", kim);
    expect(page.status).toBe(200);
    for (const name of ["Pat", "Ann", "Ben", "Cy"]) expect(page.text).toContain(`>${name}</a>`);
    for (const other of ["Zed-of-Lee", "Yan-elsewhere", "Lee&#39;s team", "Elsewhere team"]) expect(page.text).not.toContain(other);
    const rows = [...page.text.matchAll(/<th scope="row"><a href="\/dashboard\/clients\/[\w-]+">(\w+)<\/a>/g)].map((m) => m[1]);
    expect(rows[0]).toBe("Cy");
    expect(rows.indexOf("Pat")).toBeLessThan(rows.indexOf("Ann"));
    const attention = page.text.slice(page.text.indexOf('id="attention"'), page.text.indexOf('id="clients"'));
    expect(attention).toContain("Said they feel hopeless");
    expect(attention).toContain("Make the goal smaller");
    expect(page.text).toContain("Exercise: getting ready");
    expect(page.text).toContain("Stress: taking action");
    expect(page.text).toMatch(/30 Nov: 40%, 7 Dec: no check-in, 14 Dec: 60%, 21 Dec: 70%/);
    expect(page.text).toContain(`href="/dashboard/teams/${p.kim.team}"`);
  });

  it("names flag kinds and coaching challenges in the catalog's words, as the digest does", async () => {
    const { flagKinds, challengeKinds } = catalog.digest;
    const cy = await p.h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "cy" } });
    const challenge = await p.h.db.prisma.flag.create({
      data: { clientId: cy.id, kind: "challenge", severity: "attention", detail: "missed checkins", raisedAt: new Date("2026-12-21T13:00:00Z") },
    });
    try {
      const roster = (await get("/dashboard", kim)).text;
      expect(roster).toContain(`${flagKinds.crisis}: Said they feel hopeless`);
      expect(roster).toContain(challengeKinds.missed_checkins);
      const page = (await get(`/dashboard/clients/${cy.id}`, kim)).text;
      expect(page).toContain(`${flagKinds.crisis}: Said they feel hopeless`);
      expect(page).toContain(`${flagKinds.challenge}: ${challengeKinds.missed_checkins}`);
      expect(`${roster}${page}`).not.toMatch(/missed checkins|crisis: Said/);
    } finally {
      await p.h.db.prisma.flag.delete({ where: { id: challenge.id } });
    }
  });

  it("roster sorts by name, last check-in and achievement", async () => {
    const order = async (sort: string) =>
      [...(await get(`/dashboard?sort=${sort}`, kim)).text.matchAll(/<th scope="row"><a href="\/dashboard\/clients\/[\w-]+">(\w+)<\/a>/g)].map((m) => m[1]);
    expect(await order("name")).toEqual(["Ann", "Ben", "Cy", "Pat"]);
    expect((await order("last")).at(-1)).toBe("Pat");
    expect((await order("achievement")).at(-1)).toBe("Pat");
    expect(await order("bogus")).toEqual(await order("attention"));
  });

  it("client page: chart with dates and gaps, stage timeline, goals, check-in answers, session notes, flags", async () => {
    const page = await get(`/dashboard/clients/${p.kim.pat}`, kim);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`src="/dashboard/clients/${p.kim.pat}/chart.png"`);
    expect(page.text).toMatch(/<th scope="row">7 Dec<\/th><td class="number"><span class="muted">no check-in<\/span>/);
    expect(page.text).toContain('<th scope="row">14 Dec</th><td class="number">60%</td>');
    expect(page.text).not.toMatch(/\d{4}-W\d\d/);
    expect(page.text).toContain("Exercise: <span>getting ready</span>");
    expect(page.text).toContain("started at not ready yet");
    expect(page.text).toContain('stayed at getting ready <span class="muted">(lapse: week of 30 Nov 2026 at 40%)</span>');
    expect(page.text).toContain("buy walking shoes on Saturday morning");
    expect(page.text).toContain("What helped you get that far?</dt><dd>a friend came</dd>");
    expect(page.text).toContain("About right");
    // Escaped, never markup.
    expect(page.text).toContain("=HYPERLINK(&quot;http://evil.example&quot;");
    expect(page.text.indexOf("Tired after a long week")).toBeLessThan(page.text.indexOf("Walk after lunch twice</p></dd>"));
    expect(page.text).toMatch(/Mentioned chest pain<\/td><td><\/td><td>you were alerted 1 Dec 2026, 10:00; resolved 2 Dec 2026, 09:00/);
    expect(page.text).toContain("listed in your digest; still open");
  });

  it("client page: a session another coach ran shows that it happened and its summary, never their notes", async () => {
    const page = await get(`/dashboard/clients/${p.kim.pat}`, kim);
    expect(page.text).toContain("10 Nov 2026");
    expect(page.text).toContain("Screens off an hour before bed");
    expect(page.text).toContain("Run by another coach: their notes stay with them.");
    expect(page.text).not.toContain("LEE-PRIVATE-NOTE");
    // Kim's own session keeps its notes.
    expect(page.text).toContain("Tired after a long week");
  });

  it("client chart is a PNG", async () => {
    const png = await get(`/dashboard/clients/${p.kim.pat}/chart.png`, kim);
    expect(png.status).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it("team page shows what the channel shows: averages from 3 answers, shared answers only, history", async () => {
    const page = await get(`/dashboard/teams/${p.kim.team}`, kim);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Average achievement 50%, average mood 5.5 out of 10.");
    expect(page.text).toContain("Pat: 80%, mood 8/10 · “Shared win: walked daily”");
    expect(page.text).toContain("Ben: 40%, mood 5/10");
    expect(page.text).toContain("2 answered.");
    expect(page.text).toContain("Fewer than three answers");
    expect(page.text).not.toContain("PRIVATE-NOTE");
    expect(page.text.indexOf("week of 21 Dec 2026")).toBeLessThan(page.text.indexOf("week of 14 Dec 2026"));
  });

  it("program overview: counts of the coach's own clients, nothing under 3, no names", async () => {
    const page = await get("/dashboard/program", kim);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<th scope="row">Exercise<\/th><td class="number">fewer than 3<\/td><td class="number">fewer than 3<\/td><td class="number">4<\/td>/,
    );
    for (const count of page.text.matchAll(/<td class="number">(\d+)<\/td>/g)) expect(Number(count[1])).toBeGreaterThanOrEqual(3);
    for (const name of ["Pat", "Ann", "Ben", "Cy", "Zed", "Yan"]) expect(page.text).not.toContain(name);
  });

  it("an operator link sees the program overview of every workspace, and nothing individual", async () => {
    const operator = await signedIn(served, { operator: true });
    const page = await get("/dashboard", operator);
    expect(page.status).toBe(200);
    expect(page.text).toContain("every workspace");
    // Kim's 4, Lee's Zed and Mo's Yan are all in exercise "getting ready".
    expect(page.text).toMatch(/<th scope="row">Exercise<\/th>(<td class="number">fewer than 3<\/td>){2}<td class="number">6<\/td>/);
    for (const path of [`/dashboard/clients/${p.kim.pat}`, "/dashboard/roster.csv", `/dashboard/teams/${p.kim.team}`])
      expect((await get(path, operator)).status).toBe(404);
    const ofOne = await signedIn(served, { operator: true, tenantId: p.other.tenantId });
    expect((await get("/dashboard/program", ofOne)).text).toMatch(/<th scope="row">Exercise<\/th>(<td class="number">fewer than 3<\/td>){5}/);
  });
});

describe("downloads", () => {
  it("roster CSV: Kim's clients, one row each, as an attachment", async () => {
    const csv = await get("/dashboard/roster.csv", kim);
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="roster.csv"');
    const lines = csv.text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toMatch(/^"Client","Status","Stage: Exercise"/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(['"Ann"', '"Ben"', '"Cy"', '"Pat"']);
    // Open flags: one assessment gap per area (Pat's sleep was both not ready and low in confidence: one flag, not two).
    expect(lines[4]).toMatch(/^"Pat","active","getting ready","thinking about it","taking action","not ready yet","21 Dec 2026","57","rising","0","2",/);
    expect(lines[4]!.endsWith('"40","","60","70"')).toBe(true);
  });

  it("a client's check-ins CSV keeps every answer and defuses spreadsheet formulas", async () => {
    const csv = await get(`/dashboard/clients/${p.kim.pat}/checkins.csv`, kim);
    expect(csv.status).toBe(200);
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="checkins-Pat.csv"');
    const lines = csv.text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe('"Date","Week","Question","Answer"');
    expect(lines.length).toBe(1 + 3 * 7);
    expect(csv.text).toContain(`"'${FORMULA_ANSWER.replace(/"/g, '""')}"`);
    expect(csv.text).not.toMatch(/(^|,)"=/m);
  });
});

describe("another coach's or workspace's ids", () => {
  it("answer 404 on every route, with no data", async () => {
    const foreign = [p.lee.client, p.other.client];
    const paths = [
      ...foreign.flatMap((id) => [`/dashboard/clients/${id}`, `/dashboard/clients/${id}/chart.png`, `/dashboard/clients/${id}/checkins.csv`]),
      `/dashboard/teams/${p.lee.team}`,
      `/dashboard/teams/${p.other.team}`,
      "/dashboard/clients/not-an-id",
      `/dashboard/clients/${p.kim.pat}/other`,
    ];
    for (const path of paths) {
      const answer = await get(path, kim);
      expect(answer.status, path).toBe(404);
      expect(answer.text).not.toMatch(/Zed-of-Lee|Yan-elsewhere|Lee&#39;s team|Elsewhere team/);
    }
    // Lee, in the same workspace, cannot open Kim's either.
    const lee = await signedIn(served, { tenantId: p.tenantId, coachId: p.lee.id });
    for (const path of [
      `/dashboard/clients/${p.kim.pat}`,
      `/dashboard/clients/${p.kim.pat}/chart.png`,
      `/dashboard/clients/${p.kim.pat}/checkins.csv`,
      `/dashboard/teams/${p.kim.team}`,
    ]) {
      expect((await get(path, lee)).status, path).toBe(404);
    }
    expect((await get("/dashboard", lee)).text).not.toContain(">Pat</a>");
  });
});

describe("responses", () => {
  it("carry security headers and are never cached, whatever the route", async () => {
    const answers = [
      await get("/dashboard", kim),
      await get("/dashboard"),
      await get("/dashboard/style.css"),
      await get("/dashboard/nowhere", kim),
      await get(`/dashboard/clients/${p.kim.pat}/checkins.csv`, kim),
      await send(served.origin, "POST", "/dashboard/sign-in", { form: { token: "x" }, origin: "http://evil.example" }),
    ];
    for (const a of answers) {
      expect(a.headers["content-security-policy"]).toBe(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      expect(a.headers["x-content-type-options"]).toBe("nosniff");
      expect(a.headers["referrer-policy"]).toBe("no-referrer");
      expect(a.headers["x-frame-options"]).toBe("DENY");
      expect(a.headers["cache-control"]).toBe("no-store");
    }
  });

  it("leave other paths to the bot's server", async () => {
    const other = await get("/slack/events");
    expect(other.status).toBe(404);
    expect(other.text).toBe("not found");
    expect(other.headers["content-security-policy"]).toBeUndefined();
  });

  it("refuse an oversized form without falling over", async () => {
    const big = await send(served.origin, "POST", "/dashboard/sign-in", { form: { token: "x".repeat(10_000) } });
    expect(big.status).toBe(413);
    expect((await get("/dashboard", kim)).status).toBe(200);
  });
});
