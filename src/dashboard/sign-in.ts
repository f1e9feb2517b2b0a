// Pages seen without a session: the sign-in page a link opens (its button posts the token back;
// opening the link alone changes nothing, so a chat's link preview cannot use it up), and the
// page that says how to get a new link. None of them shows any client data.
import type { LinkState } from "../store/dashboard-access.js";
import { html, page } from "./html.js";

const HOW_TO_GET_A_LINK = html`<p>To get a new link, type <kbd>/coach dashboard</kbd> to the bot in Slack, Discord or the console; it answers privately with a link that works once, for 15 minutes. Operators run <kbd>coach dashboard --operator</kbd>.</p>`;

export function signInPage(token: string, state: LinkState): { status: number; body: string } {
  if (state === "valid") {
    return {
      status: 200,
      body: page(
        "Sign in to your dashboard",
        { who: null },
        html`
<p>This link signs you in once. Press the button to open your dashboard on this device.</p>
<form method="post" action="/dashboard/sign-in">
<input type="hidden" name="token" value="${token}">
<button type="submit">Sign in</button>
</form>`,
      ),
    };
  }
  return linkRefusedPage(state);
}

const REFUSALS: Record<Exclude<LinkState, "valid">, string> = {
  used: "This sign-in link has already been used. Each link works once.",
  expired: "This sign-in link has expired. Links work for 15 minutes.",
  unknown: "This sign-in link is not valid.",
};

export function linkRefusedPage(state: Exclude<LinkState, "valid">): { status: number; body: string } {
  return { status: state === "unknown" ? 404 : 410, body: page("Link not valid", { who: null }, html`<p>${REFUSALS[state]}</p>${HOW_TO_GET_A_LINK}`) };
}

export function signedOutPage(): string {
  return page(
    "Please sign in",
    { who: null },
    html`<p>You are not signed in, or your session has ended (after 12 hours without use, 7 days at most, or on signing out).</p>${HOW_TO_GET_A_LINK}`,
  );
}

export function notFoundPage(signedIn: string | null): string {
  return page(
    "Not found",
    { who: signedIn, links: [{ href: "/dashboard", label: "Dashboard" }] },
    html`<p>There is nothing here for you. <a href="/dashboard">Back to the dashboard</a>.</p>`,
  );
}

export function problemPage(title: string, message: string): string {
  return page(title, { who: null }, html`<p>${message}</p><p><a href="/dashboard">Back to the dashboard</a>.</p>`);
}
