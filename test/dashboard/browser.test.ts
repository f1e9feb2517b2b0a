// The dashboard in a real browser: Debian's Chromium driven by playwright-core. Signing in from a
// chat link, the roster, a client, a CSV download, refused links, another coach's client, signing
// out, and an accessibility check (axe-core) on every page. Without /usr/bin/chromium the file
// is skipped with a loud reason on a developer machine, and fails under CI=true.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_LINK_TTL_MS } from "../../src/store/dashboard-access.js";
import { buildPractice, linkParts, type Practice, type Served, send, serveDashboard, signedIn } from "./fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const present = existsSync(CHROMIUM);
const mustRun = process.env.CI === "true";
if (!present && !mustRun) {
  console.warn(`\n*** SKIPPING the dashboard browser tests: ${CHROMIUM} is missing. Install it with: apt-get install -y chromium ***\n`);
}
/** Set to a folder to keep screenshots of the roster and a client page (never committed). */
const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS;
/** A browser on a busy 2-core machine takes seconds per page; these are ceilings, not waits. */
const BROWSER_TEST_MS = 90_000;

let p: Practice;
let served: Served;
let browser: Browser;

beforeAll(async () => {
  if (!present) throw new Error(`Chromium is missing at ${CHROMIUM}; CI installs it with apt-get install -y chromium`);
  p = await buildPractice();
  served = await serveDashboard(p.h);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await p?.h.db.close();
});

const kimLink = () => served.dashboard.issueSignInLink({ tenantId: p.tenantId, coachId: p.kim.id });

/** A fresh browser profile whose page records any Content-Security-Policy complaint. */
async function freshPage(options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; cspErrors: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });
  return { context, page, cspErrors };
}

async function signInThrough(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${served.origin}/dashboard`);
}

/** Serious or critical axe-core findings on the page (axe is injected, so CSP is bypassed here). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(() => (globalThis as unknown as { axe: typeof axe }).axe.run());
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
}

describe.skipIf(!present && !mustRun)("dashboard in Chromium", () => {
  it(
    "signs in from a link, shows the roster, opens a client, and breaks no CSP rule",
    async () => {
      const { context, page, cspErrors } = await freshPage();
      try {
        await signInThrough(page, await kimLink());
        await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Your clients");
        const rows = page.getByRole("table").first().getByRole("row");
        expect(await rows.count()).toBe(5);
        expect(await page.getByRole("link", { name: "Zed-of-Lee" }).count()).toBe(0);
        expect(await page.getByRole("img", { name: /30 Nov: 40%, 7 Dec: no check-in/ }).count()).toBe(1);
        if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, "roster.png"), fullPage: true });

        await page.getByRole("row", { name: /Pat/ }).getByRole("link", { name: "Pat" }).click();
        await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Pat");
        const chart = page.getByRole("img", { name: /Line chart of weekly achievement/ });
        // The PNG really loaded (same origin, allowed by the CSP).
        await expect.poll(() => chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(900);
        expect(await page.getByText("Tired after a long week").count()).toBe(1);
        if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, "client.png"), fullPage: true });

        // The stylesheet applied: the header is laid out as a flex row.
        const displayOf = (el: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }).getComputedStyle(el).display;
        expect(await page.locator("header.top").evaluate(displayOf)).toBe("flex");
        expect(cspErrors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    "downloads the roster and a client's check-ins as CSV",
    async () => {
      const { context, page } = await freshPage();
      try {
        await signInThrough(page, await kimLink());
        const [roster] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the roster (CSV)" }).click()]);
        expect(roster.suggestedFilename()).toBe("roster.csv");
        const rosterText = readFileSync((await roster.path())!, "utf8");
        expect(rosterText).toContain('"Pat","active","getting ready"');
        expect(rosterText).not.toContain("Zed-of-Lee");

        await page.goto(`${served.origin}/dashboard/clients/${p.kim.pat}`);
        const [checkIns] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download check-ins (CSV)" }).click()]);
        expect(checkIns.suggestedFilename()).toBe("checkins-Pat.csv");
        expect(readFileSync((await checkIns.path())!, "utf8")).toContain(`"'=HYPERLINK(`);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    "a link preview (a GET, by a bot or a browser) does not use the link up",
    async () => {
      const link = await kimLink();
      expect((await send(served.origin, "GET", linkParts(link).path)).status).toBe(200);
      const preview = await freshPage();
      await preview.page.goto(link);
      expect(await preview.page.getByRole("button", { name: "Sign in" }).count()).toBe(1);
      await preview.context.close();
      const { context, page } = await freshPage();
      try {
        await signInThrough(page, link);
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Your clients");
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    "refuses a replayed link and an expired one",
    async () => {
      const link = await kimLink();
      const first = await freshPage();
      await signInThrough(first.page, link);
      await first.context.close();
      const { context, page } = await freshPage();
      try {
        await page.goto(link);
        expect(await page.getByText("already been used").count()).toBe(1);
        expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(0);

        const stale = await kimLink();
        const now = p.h.clock.now();
        p.h.clock.advance(SIGN_IN_LINK_TTL_MS + 1000);
        try {
          await page.goto(stale);
          expect(await page.getByText("has expired").count()).toBe(1);
          expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(0);
        } finally {
          p.h.clock.set(now);
        }
        await page.goto(`${served.origin}/dashboard`);
        expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Please sign in");
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    "answers 404 for another coach's client, and signs out",
    async () => {
      const { context, page } = await freshPage();
      try {
        await signInThrough(page, await kimLink());
        const foreign = await page.goto(`${served.origin}/dashboard/clients/${p.lee.client}`);
        expect(foreign?.status()).toBe(404);
        expect(await page.getByText("Zed-of-Lee").count()).toBe(0);
        await page.goto(`${served.origin}/dashboard`);
        await page.getByRole("button", { name: "Sign out" }).click();
        await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Signed out");
        const after = await page.goto(`${served.origin}/dashboard`);
        expect(after?.status()).toBe(401);
        expect(await page.getByText("Pat").count()).toBe(0);
      } finally {
        await context.close();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    "has no serious or critical accessibility problems on any page",
    async () => {
      const { context, page } = await freshPage({ bypassCSP: true });
      try {
        const { path: signInPath } = linkParts(await kimLink());
        const cookie = await signedIn(served, { tenantId: p.tenantId, coachId: p.kim.id });
        const [name, value] = cookie.split("=") as [string, string];
        await context.addCookies([{ name, value, url: served.origin }]);
        const pages = [
          signInPath,
          "/dashboard",
          `/dashboard/clients/${p.kim.pat}`,
          `/dashboard/teams/${p.kim.team}`,
          "/dashboard/program",
          `/dashboard/clients/${p.lee.client}`,
        ];
        for (const where of pages) {
          await page.goto(`${served.origin}${where}`);
          expect(await accessibilityProblems(page), where).toEqual([]);
        }
        await context.clearCookies();
        await page.goto(`${served.origin}/dashboard`);
        expect(await accessibilityProblems(page), "signed out").toEqual([]);
      } finally {
        await context.close();
      }
    },
    2 * BROWSER_TEST_MS,
  );
});
