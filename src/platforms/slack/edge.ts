// The shapes Slack sends, checked before Bolt sees a request or a Socket Mode frame. Bolt and
// the Socket Mode client read fields of whatever arrives (`body.ssl_check`, `payload.event.type`)
// outside their own error handling, so one signed `null` would reject a promise nobody awaits
// and stop the whole process. Only what the adapter's listeners rely on is required here.

import type { IncomingMessage, ServerResponse } from "node:http";
import { defaultBodyLimit, HTTPModuleFunctions, isRawBodyError, type SocketModeReceiver } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../log.js";

const id = z.string().min(1);
const urlVerification = z.object({ type: z.literal("url_verification"), challenge: id });
// A person's message names them; messages from bots and edits (a subtype) carry no `user`, and
// neither do app events such as app_uninstalled or tokens_revoked.
const event = z
  .looseObject({ type: id })
  .refine((e) => e.type !== "message" || typeof e.user === "string" || typeof e.subtype === "string" || typeof e.bot_id === "string", {
    message: "a message without user, subtype or bot_id",
  });
const eventCallback = z.looseObject({ type: z.literal("event_callback"), team_id: id, event_id: id, event });
const interactive = z.looseObject({ type: id, user: z.looseObject({ id }) });
const slashCommand = z.looseObject({ command: z.string().startsWith("/"), user_id: id, team_id: id, channel_id: id });

/** A parsed Events API, interactivity or slash-command body: what is wrong with it, or null if usable. */
export function slackBodyProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return `the body is ${body === null ? "null" : Array.isArray(body) ? "an array" : typeof body}, not an object`;
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check === "1") return null;
  const schema =
    fields.type === "url_verification"
      ? urlVerification
      : fields.type === "event_callback"
        ? eventCallback
        : "command" in fields
          ? slashCommand
          : typeof fields.type === "string"
            ? interactive
            : null;
  if (!schema) return "not an event, interaction or slash command";
  const parsed = schema.safeParse(body);
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
}

/** A Socket Mode frame (envelope): what is wrong with it, or null if the client may read it. */
export function socketFrameProblem(text: string): string | null {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  if (typeof frame !== "object" || frame === null || Array.isArray(frame)) return "the frame is not an object";
  const { type, envelope_id, payload } = frame as Record<string, unknown>;
  if (type === "hello" || type === "disconnect") return null;
  if (typeof type !== "string" || typeof envelope_id !== "string") return "a frame without type or envelope_id";
  if (type === "events_api") return slackBodyProblem(payload);
  if (type === "slash_commands" || type === "interactive") return slackBodyProblem(payload);
  return `an unknown frame type ${JSON.stringify(type).slice(0, 40)}`;
}

/**
 * Wraps Bolt's HTTP request listener: reads and verifies the request exactly as Bolt does (a bad
 * signature still gets Bolt's 401), then answers a signed but unusable body with 400 and a log
 * line; Bolt reuses the buffered body for everything else.
 */
export function guardSlackRequests(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  opts: { signingSecret: string; log: Logger },
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let body: unknown;
    try {
      const buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: opts.signingSecret, bodyLimit: defaultBodyLimit }, req, res);
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch (error) {
      if (isRawBodyError(error)) {
        opts.log.warn("slack: refused a request body that could not be read", { error: (error as Error).message });
        res.writeHead(error.statusCode === 413 ? 413 : 400);
        return void res.end();
      }
      // The body is buffered: Bolt answers these itself (401 bad signature, 400 not JSON) and logs why.
      return listener(req, res);
    }
    const problem = slackBodyProblem(body);
    if (problem === null) return listener(req, res);
    opts.log.warn("slack: refused a signed request Slack would not send", { problem });
    res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
    res.end("malformed request");
  };
}

/**
 * Puts the frame check in front of the Socket Mode client's own message handler (its
 * `ws_message` listener), and logs instead of crashing if that handler still fails.
 */
export function guardSocketFrames(client: SocketModeReceiver["client"], log: Logger): void {
  const handlers = client.listeners("ws_message") as ((data: string | ArrayBuffer, isBinary: boolean) => Promise<void> | void)[];
  client.removeAllListeners("ws_message");
  client.on("ws_message", (data: string | ArrayBuffer, isBinary: boolean) => {
    if (!isBinary) {
      const problem = socketFrameProblem(typeof data === "string" ? data : new TextDecoder().decode(data));
      if (problem !== null) return void log.warn("slack: dropped a Socket Mode frame Slack would not send", { problem });
    }
    for (const handle of handlers) {
      Promise.resolve()
        .then(() => handle(data, isBinary))
        .catch((error: unknown) => log.error("slack: could not handle a Socket Mode frame", { error }));
    }
  });
}
