// The coach dashboard: a few server-rendered pages on the bot's own HTTP server, mounted with
// `routes` (it answers everything under /dashboard and returns false for any other path).
// Plain node:http and HTML built on the server: no front-end build, no script at all in the
// browser (the CSP forbids it), every byte served from the package, so it works offline.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.js";
import type { Catalog } from "../domain/catalog.js";
import type { Logger } from "../log.js";
import {
  createSignInLink,
  type DashboardViewer,
  endDashboardSession,
  findDashboardSession,
  redeemSignInLink,
  revokeCoachDashboard,
  SESSION_MAX_MS,
  type SignInFor,
  signInLinkState,
} from "../store/dashboard-access.js";
import { type ProgramScope, readClientRecord, readProgramCounts, readRoster, readTeamRecord, readTeams } from "../store/dashboard-read.js";
import type { PrismaClient } from "../store/database.js";
import { checkInsCsv, clientBody, clientChartPng, clientName } from "./client.js";
import { recentWeeks, weeksStart } from "./dates.js";
import { html, type PageNav, page } from "./html.js";
import {
  clearSessionCookie,
  FormTooLargeError,
  readCookie,
  readForm,
  redirect,
  sameOrigin,
  securityHeaders,
  sendFile,
  sendHtml,
  sessionCookie,
  setSessionCookie,
} from "./http.js";
import { programBody } from "./program.js";
import { isRosterSort, rosterBody, rosterCsv, rosterEntries } from "./roster.js";
import { linkRefusedPage, notFoundPage, problemPage, signedOutPage, signInPage } from "./sign-in.js";
import { STYLESHEET, STYLESHEET_PATH } from "./style.js";
import { teamBody } from "./team.js";

export interface DashboardDeps {
  prisma: PrismaClient;
  catalog: Catalog;
  clock: Clock;
  log: Logger;
  /** The origin people open the dashboard at (PUBLIC_URL); links point here, POSTs must come from it. */
  publicUrl: string;
}

export interface Dashboard {
  /** Serves the request when it is for /dashboard...; resolves false (untouched) otherwise. */
  routes(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** A one-time sign-in link (15 minutes) for a coach of a tenant, or for an operator. */
  issueSignInLink(input: SignInFor): Promise<string>;
  /** Ends a coach's sessions and unused links: call it when they lose coach rights but keep their Coach row. */
  revokeCoach(coachId: string): Promise<void>;
}

type Reply = { status: number; body: string } | { file: string | Buffer; type: string; name?: string };

const TEAM_HISTORY_WEEKS = 12;

export function createDashboard(deps: DashboardDeps): Dashboard {
  const { prisma, catalog, clock, log } = deps;
  const publicUrl = deps.publicUrl.replace(/\/+$/, "");
  const cookie = sessionCookie(publicUrl);

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = (await readForm(req)).get("token") ?? "";
    const result = await redeemSignInLink(prisma, token, clock.now());
    if ("refused" in result) {
      log.info("dashboard: sign-in link refused", { reason: result.refused });
      const refused = linkRefusedPage(result.refused);
      return sendHtml(res, refused.status, refused.body);
    }
    setSessionCookie(res, cookie, result.sessionToken, SESSION_MAX_MS / 1000);
    redirect(res, "/dashboard");
  }

  async function signOut(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = readCookie(req, cookie.name);
    if (token) await endDashboardSession(prisma, token, clock.now());
    clearSessionCookie(res, cookie);
    sendHtml(
      res,
      200,
      page("Signed out", { who: null }, html`<p>You are signed out. Type <kbd>/coach dashboard</kbd> in the chat for a new sign-in link.</p>`),
    );
  }

  function coachNav(viewer: Extract<DashboardViewer, { kind: "coach" }>, current: string): PageNav {
    const links = [
      { href: "/dashboard", label: "Roster" },
      { href: "/dashboard/program", label: "Program overview" },
    ];
    return { who: viewer.coachName, links: links.map((l) => ({ ...l, current: l.href === current })) };
  }

  async function programReply(scope: ProgramScope, nav: PageNav, scopeText: string): Promise<Reply> {
    const now = clock.now();
    const counts = await readProgramCounts(prisma, scope, weeksStart(now));
    return { status: 200, body: page("Program overview", nav, programBody(catalog, counts, recentWeeks(now), scopeText)) };
  }

  /** What a signed-in viewer gets for GET `path`; null means 404. */
  async function view(viewer: DashboardViewer, path: string, query: URLSearchParams): Promise<Reply | null> {
    if (viewer.kind === "operator") {
      if (path !== "/dashboard" && path !== "/dashboard/program") return null;
      const scope: ProgramScope = viewer.tenantId ? { tenantId: viewer.tenantId } : { tenantId: null };
      const text = viewer.tenantId ? "All clients of this workspace." : "All clients of every workspace this bot serves.";
      return programReply(scope, { who: "Operator", links: [{ href: "/dashboard", label: "Program overview", current: true }] }, text);
    }
    const scope = { tenantId: viewer.tenantId, coachId: viewer.coachId };
    const now = clock.now();
    const weeks = recentWeeks(now);
    if (path === "/dashboard" || path === "/dashboard/roster.csv") {
      const entries = rosterEntries(catalog, await readRoster(prisma, scope, weeksStart(now)), weeks, now, viewer.timezone);
      if (path === "/dashboard/roster.csv")
        return { file: rosterCsv(catalog, entries, weeks, viewer.timezone), type: "text/csv; charset=utf-8", name: "roster.csv" };
      const sort = query.get("sort");
      const body = rosterBody(entries, isRosterSort(sort) ? sort : "attention", weeks, viewer.timezone, await readTeams(prisma, scope));
      return { status: 200, body: page("Your clients", coachNav(viewer, "/dashboard"), body) };
    }
    if (path === "/dashboard/program") return programReply(scope, coachNav(viewer, "/dashboard/program"), "Your own clients only.");
    const client = /^\/dashboard\/clients\/([\w-]{1,64})(\/chart\.png|\/checkins\.csv)?$/.exec(path);
    if (client) {
      const record = await readClientRecord(prisma, scope, client[1]!);
      if (!record) return null;
      if (client[2] === "/chart.png") return { file: clientChartPng(catalog, record, weeks), type: "image/png" };
      if (client[2] === "/checkins.csv")
        return { file: checkInsCsv(catalog, record, viewer.timezone), type: "text/csv; charset=utf-8", name: `checkins-${clientName(record)}.csv` };
      return { status: 200, body: page(clientName(record), coachNav(viewer, ""), clientBody(catalog, record, weeks, viewer.timezone)) };
    }
    const team = /^\/dashboard\/teams\/([\w-]{1,64})$/.exec(path);
    if (team) {
      const record = await readTeamRecord(prisma, scope, team[1]!, TEAM_HISTORY_WEEKS);
      return record ? { status: 200, body: page(`Team ${record.name}`, coachNav(viewer, ""), teamBody(record)) } : null;
    }
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method === "HEAD" ? "GET" : req.method;
    if (method === "GET" && url.pathname === STYLESHEET_PATH) return sendFile(res, "text/css; charset=utf-8", STYLESHEET);
    if (method === "POST") {
      if (!sameOrigin(req, publicUrl)) {
        log.warn("dashboard: POST from another origin refused", { path: url.pathname, origin: req.headers.origin ?? null });
        return sendHtml(res, 403, problemPage("Refused", "This form was sent from another site, so it was ignored."));
      }
      if (url.pathname === "/dashboard/sign-in") return signIn(req, res);
      if (url.pathname === "/dashboard/sign-out") return signOut(req, res);
    }
    if (method === "GET" && url.pathname === "/dashboard/sign-in") {
      const token = url.searchParams.get("token") ?? "";
      const shown = signInPage(token, token ? await signInLinkState(prisma, token, clock.now()) : "unknown");
      return sendHtml(res, shown.status, shown.body);
    }
    const token = readCookie(req, cookie.name);
    const viewer = token ? await findDashboardSession(prisma, token, clock.now()) : null;
    if (!viewer) return sendHtml(res, 401, signedOutPage());
    const reply = method === "GET" ? await view(viewer, url.pathname, url.searchParams) : null;
    if (!reply) return sendHtml(res, 404, notFoundPage(viewer.kind === "coach" ? viewer.coachName : "Operator"));
    if ("file" in reply) return sendFile(res, reply.type, reply.file, reply.name);
    sendHtml(res, reply.status, reply.body);
  }

  return {
    async routes(req, res) {
      const url = new URL(req.url ?? "/", publicUrl);
      if (url.pathname !== "/dashboard" && !url.pathname.startsWith("/dashboard/")) return false;
      securityHeaders(res);
      try {
        await handle(req, res, url);
      } catch (error) {
        if (error instanceof FormTooLargeError) {
          sendHtml(res, 413, problemPage("Too large", "That form was larger than a sign-in form can be."));
          return true;
        }
        log.error("dashboard: request failed", { path: url.pathname, error });
        if (!res.headersSent) sendHtml(res, 500, problemPage("Something went wrong", "The page could not be shown. Please try again in a moment."));
        else res.end();
      }
      return true;
    },
    async issueSignInLink(input) {
      const token = await createSignInLink(prisma, input, clock.now());
      return `${publicUrl}/dashboard/sign-in?token=${token}`;
    },
    revokeCoach: (coachId) => revokeCoachDashboard(prisma, coachId, clock.now()),
  };
}
