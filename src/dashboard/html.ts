// Server-rendered HTML with escaping by default: `html` escapes every value put into it unless it
// is already Html (built by `html` itself). No template engine, no inline script or style.
import { STYLESHEET_PATH } from "./style.js";

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function render(part: Part): string {
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join("");
  if (part === null || part === undefined || part === false) return "";
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i] as Part) : ""), ""));
}

export interface PageNav {
  /** Shown in the header with a sign-out button; null on pages seen without a session. */
  who: string | null;
  links?: { href: string; label: string; current?: boolean }[];
}

export function page(title: string, nav: PageNav, body: Html): string {
  const links = nav.links ?? [];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Stagewise coach</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<header class="top">
<p class="brand">Stagewise coach</p>
${links.length ? html`<nav aria-label="Dashboard"><ul>${links.map((l) => html`<li><a href="${l.href}"${l.current ? html` aria-current="page"` : ""}>${l.label}</a></li>`)}</ul></nav>` : ""}
${nav.who ? html`<form method="post" action="/dashboard/sign-out" class="sign-out"><span>${nav.who}</span> <button type="submit">Sign out</button></form>` : ""}
</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.text;
}
