// The HTTP plumbing of the dashboard on plain node:http: security headers on every response,
// the session cookie, small form bodies, and the same-origin check on every POST.
import type { IncomingMessage, ServerResponse } from "node:http";

/** No script at all; styles and images from this origin only; never framed; forms post here only. */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function securityHeaders(res: ServerResponse): void {
  res.setHeader("Content-Security-Policy", CSP);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  // The sign-in URL carries the token: never send it (or any dashboard URL) to another site.
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  // Client data: neither shared caches nor the browser's back-forward cache keep a copy.
  res.setHeader("Cache-Control", "no-store");
}

export function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.end(body);
}

export function sendFile(res: ServerResponse, contentType: string, body: string | Buffer, downloadName?: string): void {
  res.statusCode = 200;
  res.setHeader("Content-Type", contentType);
  if (downloadName) res.setHeader("Content-Disposition", `attachment; filename="${downloadName.replace(/[^\w.-]/g, "_")}"`);
  res.end(body);
}

export function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.end();
}

export interface SessionCookie {
  name: string;
  secure: boolean;
}

/**
 * `__Host-` (only with https) pins the cookie to this exact origin and path /. SameSite=Lax: the
 * cookie is set by the response to the sign-in POST (same origin), then goes along with every
 * navigation inside the dashboard and with links opened later from the chat (top-level GETs, which
 * change nothing); a POST from another site never carries it. Strict would also work for signing
 * in, but a dashboard link opened from Slack or Discord would then look signed out.
 */
export function sessionCookie(publicUrl: string): SessionCookie {
  const secure = new URL(publicUrl).protocol === "https:";
  return { name: secure ? "__Host-coach_session" : "coach_session", secure };
}

export function setSessionCookie(res: ServerResponse, cookie: SessionCookie, token: string, maxAgeSeconds: number): void {
  res.setHeader("Set-Cookie", `${cookie.name}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${cookie.secure ? "; Secure" : ""}`);
}

export function clearSessionCookie(res: ServerResponse, cookie: SessionCookie): void {
  res.setHeader("Set-Cookie", `${cookie.name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${cookie.secure ? "; Secure" : ""}`);
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=") || null;
  }
  return null;
}

/**
 * CSRF guard for POSTs, besides SameSite. Browsers mark every request with Sec-Fetch-Site, which
 * a page cannot forge: it must say same-origin. The Origin header cannot be relied on alone:
 * with Referrer-Policy no-referrer (which keeps sign-in tokens out of other sites' logs) a
 * browser sends "Origin: null" on our own form posts. A real Origin must still be ours, and a
 * request with neither header (not from a current browser) is refused.
 */
export function sameOrigin(req: IncomingMessage, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin && origin !== "null" && origin !== new URL(publicUrl).origin) return false;
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined) return site === "same-origin";
  return origin !== undefined && origin !== "null";
}

const MAX_FORM_BYTES = 4096;

export class FormTooLargeError extends Error {}

/** Reads an application/x-www-form-urlencoded body of a few fields. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new FormTooLargeError("form body too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
