// Flags, one policy for every platform: a coach lists their clients' open flags, acknowledges one
// (an urgent flag then is not sent again) and resolves it with a note. Only the client's own
// coach can: a flag of another coach's client is "not found", never shown.
import { acknowledgeFlag, coachFlag, openFlags, resolveFlag } from "../coach/flags.js";
import { findDomain } from "../domain/catalog.js";
import type { CoachHandler } from "./context.js";
import { privateReply } from "./types.js";
import { wording } from "./wording.js";

const w = wording.flags;

// Each flag names the client as the digest does (coachFacingName): the coach reads a name, never a platform id.
export const listFlags: CoachHandler = async ({ deps, coach, voice }) => {
  const flags = await openFlags(deps.prisma, deps.catalog, coach.id, deps.clock.now());
  if (flags.length === 0) return privateReply(w.none);
  const lines = flags.flatMap((f) => [
    w.line({
      number: f.number,
      who: f.client,
      kind: f.kind,
      red: f.severity === "urgent",
      age: f.age,
      acknowledged: f.acknowledged,
      detail: f.detail,
    }),
    ...(f.suggestedApproach ? [w.suggested(f.suggestedApproach)] : []),
  ]);
  return privateReply([w.header(flags.length), ...lines, "", w.howTo(voice.command("flag ack"), voice.command("flag resolve"))].join("\n"));
};

export const acknowledge: CoachHandler = async ({ deps, coach, voice, interaction }, args) => {
  const number = args.integer("number")!;
  const flag = await coachFlag(deps.prisma, deps.catalog, coach.id, number);
  if (!flag) return privateReply(w.notFound(number, voice.command("flags")));
  if (flag.resolvedAt) return privateReply(w.alreadyResolved(number));
  const done = await acknowledgeFlag(deps.prisma, flag.id, interaction.actor.platformUserId, deps.clock.now());
  deps.log.info("flag acknowledged", { flagId: flag.id, by: interaction.actor.platformUserId, changed: done });
  return privateReply(done ? w.acknowledged(number, flag.clientName) : w.alreadyAcknowledged(number));
};

export const resolve: CoachHandler = async ({ deps, coach, voice, interaction }, args) => {
  const number = args.integer("number")!;
  const flag = await coachFlag(deps.prisma, deps.catalog, coach.id, number);
  if (!flag) return privateReply(w.notFound(number, voice.command("flags")));
  const { resolved, releasedArea } = await resolveFlag(deps.prisma, flag.id, interaction.actor.platformUserId, args.text("note")!, deps.clock.now());
  deps.log.info("flag resolved", { flagId: flag.id, by: interaction.actor.platformUserId, changed: resolved });
  const who = flag.clientName;
  // The goals the flag held resume through the client's machine (it tells them). Its event id
  // names the flag: pressing resolve again, after a failure here, resumes them once.
  if (releasedArea) {
    await deps.engine.dispatch(flag.client.id, `flag-resolved:${flag.id}`, (at) => ({ type: "FLAG_RESOLVED", at, area: releasedArea }));
    await deps.deliver();
  }
  if (!resolved) return privateReply(w.alreadyResolved(number));
  const area = releasedArea ? (findDomain(deps.catalog, releasedArea)?.label.toLowerCase() ?? releasedArea) : null;
  return privateReply([w.resolved(number, who), ...(area ? [w.goalsResumed(who, area)] : [])].join(" "));
};
