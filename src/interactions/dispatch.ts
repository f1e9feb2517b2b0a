// The one way a command or a confirmation is handled, on every platform: find the command in
// the registry, check its arguments with its schema, ask the platform's access strategy for coach
// commands, run its handler. Client commands come back as a neutral command for the machine; the
// adapter hands it to the engine the way it hands every client event.
import type { InboundKind } from "../engine/inbound.js";
import { retriedByInbox } from "../engine/inbox.js";
import type { HandlerContext, InteractionDeps } from "./context.js";
import { helpText, optionLabel, usageOf } from "./help.js";
import { Args, argsSchema } from "./options.js";
import { parseCommandLine, plainCodec, type TextCodec } from "./parse.js";
import { settleDelete } from "./personal-data.js";
import { COMMANDS, type CommandSpec, findCommand, runsOutsideMachine } from "./registry.js";
import { type AccessStrategy, type ConfirmAction, type InteractionHeader, type PersonArg, type PlatformVoice, privateReply, type Reply } from "./types.js";
import { wording } from "./wording.js";

export type Outcome = { reply: Reply } | { machine: Extract<InboundKind, { kind: "command" }> };

export interface PlatformPort {
  voice: PlatformVoice;
  access: AccessStrategy;
}

const reply = (r: Reply): Outcome => ({ reply: r });

/**
 * Runs the registry command `name` with raw arguments (from a parser or Discord's options). A
 * failure becomes a private apology, except a passing database failure while the command is
 * processed from the inbox: that is thrown, and the inbox runs the command again.
 */
export async function runCommand(
  deps: InteractionDeps,
  header: InteractionHeader,
  name: string,
  rawArgs: Record<string, unknown>,
  port: PlatformPort,
): Promise<Outcome> {
  const spec = findCommand(name);
  if (!spec) return reply(privateReply(wording.unknownCommand(port.voice.command("help"))));
  const checked = argsSchema(spec.options).safeParse(rawArgs);
  if (!checked.success) {
    const key = String(checked.error.issues[0]?.path[0] ?? "");
    const option = spec.options.find((o) => o.name === key);
    const missing = option && rawArgs[key] === undefined;
    deps.log.info("a command's arguments were refused", { command: spec.name, option: key, eventId: header.eventId });
    const label = option ? optionLabel(option).replace(/[<>]/g, "") : key;
    const use = usageOf(spec.name, port.voice);
    return reply(privateReply(missing ? wording.missingOption(label, use) : wording.invalidOption(label, use)));
  }
  const args = new Args(checked.data);
  const ctx: HandlerContext = { deps, interaction: header, voice: port.voice, access: port.access, coach: null };
  try {
    return await run(spec, ctx, args, rawArgs);
  } catch (error) {
    // The database was away for a moment: the inbox runs the command again, no apology now.
    if (retriedByInbox(error)) throw error;
    deps.log.error("a command failed", { command: spec.name, eventId: header.eventId, error });
    return reply(privateReply(wording.somethingWrong));
  }
}

async function run(spec: CommandSpec, ctx: HandlerContext, args: Args, rawArgs: Record<string, unknown>): Promise<Outcome> {
  const { tenant, actor } = ctx.interaction;
  if (spec.name === "help") {
    // Coaches get the generated list of everything; clients their machine's help, which also
    // repeats the question that is open.
    const access = await ctx.access.coach(tenant, actor, "help");
    if (access.ok) return reply(privateReply(helpText(ctx.voice, "coach")));
  }
  if (spec.audience === "client") {
    if (spec.run === "machine")
      return { machine: { kind: "command", name: spec.name, args: spec.options.map((o) => String(rawArgs[o.name] ?? "")).filter(Boolean) } };
    return reply(await spec.run(ctx, args));
  }
  const access = await ctx.access.coach(tenant, actor, spec.name);
  if (!access.ok) {
    ctx.deps.log.info("a coach command was refused", { command: spec.name, platform: tenant.platform, userId: actor.platformUserId });
    return reply(privateReply(access.reply));
  }
  return reply(await spec.run({ ...ctx, coach: access.coach }, args));
}

/**
 * A press on a confirmation's button. Like `runCommand`, throws a passing database failure when
 * the inbox will press it again (the adapter then says nothing yet); apologises for any other.
 */
export async function runAction(deps: InteractionDeps, header: InteractionHeader, action: ConfirmAction, port: PlatformPort): Promise<Reply> {
  const ctx: HandlerContext = { deps, interaction: header, voice: port.voice, access: port.access, coach: null };
  try {
    return await settleDelete(ctx, action);
  } catch (error) {
    if (retriedByInbox(error)) throw error;
    deps.log.error("a confirmation failed", { action: action.type, eventId: header.eventId, error });
    return privateReply(wording.somethingWrong);
  }
}

/** Runs a typed line (without the leading "/coach") on a platform where people type commands. */
export async function runTypedLine(
  deps: InteractionDeps,
  header: InteractionHeader,
  line: string,
  port: PlatformPort,
  codec: TextCodec,
  defaults: { client?: PersonArg } = {},
): Promise<Outcome> {
  const parsed = parseCommandLine(line, codec);
  if (!parsed.ok) {
    if (parsed.group) {
      const steps = COMMANDS.filter((c) => c.name.startsWith(`${parsed.group} `)).map((c) => usageOf(c.name, port.voice));
      return reply(privateReply(wording.sessionUsage(steps[0]!, steps.slice(1).join(", "))));
    }
    // An empty line is a request for help.
    if (parsed.name === "") return runCommand(deps, header, "help", {}, port);
    // The machine answers unknown commands kindly, and repeats the question that is open.
    deps.log.info("an unknown command was typed", { command: parsed.name, eventId: header.eventId });
    return { machine: { kind: "command", name: parsed.name, args: [] } };
  }
  const args = { ...parsed.args };
  // Where one client is implied (the console's, a rehearsal's), a command about "the client" is about them.
  const person = parsed.spec.options.find((o) => o.kind === "person");
  if (defaults.client && parsed.spec.audience === "coach" && person && args[person.name] === undefined) args[person.name] = defaults.client;
  return runCommand(deps, header, parsed.spec.name, args, port);
}

/**
 * A command a person typed as text to the bot (a DM, the console), as the adapters parse it: the
 * client's own registry commands (/export, /delete, /checkins), typed bare as /help lists them,
 * run here as `/coach export` would; null for everything else, which goes to the client's machine.
 */
export async function runTypedClientCommand(
  deps: InteractionDeps,
  header: InteractionHeader,
  typed: InboundKind,
  port: PlatformPort,
  codec: TextCodec,
): Promise<Reply | null> {
  if (typed.kind !== "command" || !runsOutsideMachine(typed.name)) return null;
  const outcome = await runTypedLine(deps, header, [typed.name, ...typed.args].join(" "), port, codec);
  return "reply" in outcome ? outcome.reply : null;
}

/** The console's way of writing people, channels and commands. */
export const consoleVoice = (names: Record<string, string> = {}): PlatformVoice => ({
  mention: (id) => names[id] ?? id,
  channel: (id) => `#${id}`,
  command: (name) => `/coach ${name}`,
  reachable: () => true,
});

/**
 * Runs a console-style coach line ("session start 30", "note walk after lunch") as `coach`,
 * about `client`, through the registry: the console chat and `coach rehearse` use this.
 */
export async function runTypedCommand(
  deps: InteractionDeps,
  line: { text: string; eventId: string; tenant: InteractionHeader["tenant"]; coach: { platformUserId: string; displayName?: string }; client: PersonArg },
  access: AccessStrategy,
): Promise<Reply> {
  const names = { [line.client.platformUserId]: line.client.displayName ?? "your client" };
  const header: InteractionHeader = { eventId: line.eventId, tenant: line.tenant, actor: line.coach };
  const outcome = await runTypedLine(deps, header, line.text, { voice: consoleVoice(names), access }, plainCodec, { client: line.client });
  if ("reply" in outcome) return outcome.reply;
  // A client command typed on the coach's line: the coach is not the client, so nothing to run.
  return privateReply(wording.unknownCommand("/coach help"));
}
