// One handler per coach feature about clients (enroll and release: enrolment.ts): the roster, the preparation view, the
// digest, and booking the next session. One policy each, for every platform.
import { queueCoachDigest } from "../coach/digest.js";
import { rosterText } from "../coach/roster.js";
import { clientOfCoach } from "../store/people.js";
import type { CoachHandler, HandlerContext } from "./context.js";
import { type CoachIdentity, type PersonArg, privateReply } from "./types.js";
import { wording } from "./wording.js";

/** The coach's own client named in `person`, or the reply saying they are not. */
export async function ownClient(ctx: HandlerContext & { coach: CoachIdentity }, person: PersonArg) {
  const client = await clientOfCoach(ctx.deps.prisma, ctx.coach, person.platformUserId);
  return client ?? privateReply(wording.notYourClient(ctx.voice.mention(person.platformUserId), ctx.voice.command("enroll")));
}

export const clients: CoachHandler = async ({ deps, coach }) => privateReply(await rosterText(deps.prisma, deps.catalog, coach.id));

export const preparation: CoachHandler = async (ctx, args) => {
  const client = await ownClient(ctx, args.person("user")!);
  return "visibility" in client ? client : privateReply(await ctx.deps.desk.prep(client.id));
};

export const digest: CoachHandler = async ({ deps, coach, interaction }) => {
  await queueCoachDigest(deps.prisma, deps.catalog, coach.id, deps.clock.now(), interaction.eventId);
  await deps.deliver();
  return privateReply(deps.catalog.digest.onItsWay);
};

export const dashboard: CoachHandler = async ({ deps, coach }) => {
  if (!deps.dashboardLink) return privateReply(wording.dashboardUnavailable);
  return privateReply(wording.dashboardLink(await deps.dashboardLink({ tenantId: coach.tenantId, coachId: coach.id })));
};

export const schedule: CoachHandler = async (ctx, args) => {
  const client = await ownClient(ctx, args.person("user")!);
  return "visibility" in client ? client : privateReply(await ctx.deps.desk.schedule(client.id, args.text("when")!));
};
