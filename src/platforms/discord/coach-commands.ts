// The coach's subcommands: enroll, clients, client (the preparation view), session start / next
// / note / goal / end, and team link / checkin / remind. Every reply is private (ephemeral); the
// session guide reaches the coach by DM through the outbox, like every coaching message. A coach
// acts only on their own clients. The work is the shared services'; this file translates.
import type { ChatInputCommandInteraction, User } from "discord.js";
import type { Clock } from "../../clock.js";
import type { CoachDesk } from "../../coach/desk.js";
import { preparationView } from "../../coach/preparation.js";
import { queueCoachDigest } from "../../coach/digest.js";
import { enrollClient, rosterText } from "../../coach/roster.js";
import { isoWeek } from "../../domain/calendar.js";
import type { Catalog } from "../../domain/catalog.js";
import type { CoachingEngine } from "../../engine/engine.js";
import type { Logger } from "../../log.js";
import type { PrismaClient } from "../../store/database.js";
import { linkTeam, postTeamCheckIn, remindTeam, TeamChannelUnreachableError, type TeamDeps } from "../../teams/index.js";
import { coachAccess, setupHint, type AccessDeps, type CoachIdentity } from "./access.js";
import type { CoachInvocation } from "./commands.js";
import type { DiscordDeliverer } from "./deliverer.js";
import type { DiscordPipeline } from "./pipeline.js";
import { deferPrivately, replyPrivately } from "./replies.js";
import type { createDiscordTeamChannel } from "./team-channel.js";
import { wording } from "./wording.js";

export interface CoachCommandDeps {
  prisma: PrismaClient;
  engine: CoachingEngine;
  catalog: Catalog;
  clock: Clock;
  log: Logger;
  desk: CoachDesk;
  pipeline: DiscordPipeline;
  deliverer: DiscordDeliverer;
  teams: TeamDeps;
  teamChannel: ReturnType<typeof createDiscordTeamChannel>;
  access: AccessDeps;
}

const mention = (userId: string) => `<@${userId}>`;
const channelMention = (channelId: string) => `<#${channelId}>`;

export function createCoachCommands(deps: CoachCommandDeps) {
  const { prisma, log } = deps;

  /** The coach's own client with this Discord user id, or null. */
  const clientOf = (coach: CoachIdentity, platformUserId: string) =>
    prisma.client.findFirst({ where: { tenantId: coach.tenantId, platformUserId, coachId: coach.id }, select: { id: true, name: true, platformUserId: true } });

  /** After queueing coaching messages: deliver, then say where they went. */
  const guideReply = async (coach: CoachIdentity, replies: string[], suffix = "") => {
    await deps.pipeline.deliver();
    if (replies.length > 0) return replies.join("\n");
    const sent = deps.deliverer.refusedReason(coach.platformUserId) ? wording.dmClosed : wording.sessionGuideSent;
    return suffix ? `${sent} ${suffix}` : sent;
  };

  const enroll = async (coach: CoachIdentity, interaction: ChatInputCommandInteraction): Promise<string> => {
    const person = interaction.options.getUser("user", true);
    if (person.bot) return wording.notABot;
    const domainKey = interaction.options.getString("domain");
    const domain = domainKey ? deps.catalog.domains.find((d) => d.key === domainKey) : undefined;
    const before = await prisma.client.findUnique({
      where: { tenantId_platformUserId: { tenantId: coach.tenantId, platformUserId: person.id } },
      include: { coach: { select: { id: true, name: true } } },
    });
    let note: { id: number } | undefined;
    if (domain) {
      // Queued before the greeting, so the suggestion arrives first.
      note = await prisma.outboxMessage.create({
        data: {
          tenantId: coach.tenantId,
          clientId: before?.id ?? null,
          recipient: person.id,
          kind: "coach_note",
          dedupeKey: `enroll-focus:${interaction.id}`,
          payload: { prompts: [{ id: "enroll-focus", text: wording.focusSuggestion(coach.name, domain.label), input: { kind: "none" } }] },
          availableAt: deps.clock.now(),
        },
        select: { id: true },
      });
    }
    const { clientId, isNew } = await enrollClient({ prisma, engine: deps.engine }, coach, { platformUserId: person.id, name: displayName(person) }, interaction.id);
    // Tied to the client once they exist, so deleting their data deletes it too.
    if (note && !before) await prisma.outboxMessage.update({ where: { id: note.id }, data: { clientId } });
    await deps.pipeline.deliver();
    if (deps.deliverer.refusedReason(person.id)) return wording.enrollDmClosed(mention(person.id));
    if (isNew) return wording.enrolled(mention(person.id));
    const previous = before?.coach && before.coach.id !== coach.id ? before.coach.name : null;
    return wording.reenrolled(mention(person.id), previous);
  };

  const session = async (coach: CoachIdentity, name: string, interaction: ChatInputCommandInteraction): Promise<string> => {
    const person = interaction.options.getUser("user");
    if (name === "schedule") {
      const client = await clientOf(coach, person!.id);
      if (!client) return wording.notYourClient(mention(person!.id));
      const when = interaction.options.getString("when", true);
      return (await deps.desk.run({ eventId: interaction.id, clientId: client.id, words: ["schedule", ...when.split(/\s+/)] })).join("\n");
    }
    if (name === "start") {
      const client = await clientOf(coach, person!.id);
      if (!client) return wording.notYourClient(mention(person!.id));
      const minutes = interaction.options.getInteger("minutes") ?? 30;
      return guideReply(coach, await deps.desk.run({ eventId: interaction.id, clientId: client.id, words: ["session", "start", String(minutes)] }));
    }
    let clientId: string;
    let who: string | undefined;
    if (person) {
      const client = await clientOf(coach, person.id);
      if (!client) return wording.notYourClient(mention(person.id));
      clientId = client.id;
    } else {
      // The coach's running session: the one started last, if several are open.
      const running = await prisma.coachingSession.findFirst({
        where: { phase: { not: "ended" }, client: { coachId: coach.id } },
        orderBy: { startedAt: "desc" },
        include: { client: { select: { id: true, platformUserId: true } } },
      });
      if (!running) return wording.noRunningSession;
      clientId = running.client.id;
      who = mention(running.client.platformUserId);
    }
    const text = interaction.options.getString("text") ?? "";
    const words = name === "note" || name === "goal" ? [name, text] : [name];
    const replies = await deps.desk.run({ eventId: interaction.id, clientId, words });
    return guideReply(coach, replies, who ? wording.sessionWith(who) : "");
  };

  const team = async (coach: CoachIdentity, name: string, interaction: ChatInputCommandInteraction): Promise<string> => {
    const channel = interaction.options.getChannel("channel", true);
    const where = channelMention(channel.id);
    if (name === "link") {
      const teamName = interaction.options.getString("name")?.trim() || ("name" in channel && channel.name ? channel.name : "Team");
      const { team: linked } = await linkTeam(deps.teams, { coach, channelId: channel.id, name: teamName });
      try {
        await deps.teamChannel.announce(channel.id, wording.team.linkAnnouncement(linked.name));
      } catch (error) {
        if (!(error instanceof TeamChannelUnreachableError)) throw error;
        // The coach is right here to fix it: no note through the outbox, just the answer.
        await prisma.team.update({ where: { id: linked.id }, data: { reachable: false } });
        return wording.team.cannotPost(where, error.reason);
      }
      return wording.team.linked(where, linked.name);
    }
    const linked = await prisma.team.findUnique({ where: { tenantId_channelId: { tenantId: coach.tenantId, channelId: channel.id } } });
    if (!linked) return wording.team.notATeam(where);
    const period = isoWeek(deps.clock.now());
    if (name === "checkin") {
      const result = await postTeamCheckIn(deps.teams, linked.id, period);
      switch (result.status) {
        case "posted":
          return wording.team.checkInPosted(where, period);
        case "already_posted":
          return wording.team.checkInAlreadyPosted(where, period);
        case "unreachable":
          return wording.team.checkInUnreachable(where, result.reason);
        case "busy":
        case "no_channel":
          return wording.team.checkInBusy;
      }
    }
    const { reminded } = await remindTeam(deps.teams, linked.id, period);
    return wording.team.reminded(reminded.length);
  };

  const run = async (coach: CoachIdentity, invocation: CoachInvocation, interaction: ChatInputCommandInteraction): Promise<string> => {
    if (invocation.group === "session") return session(coach, invocation.name, interaction);
    if (invocation.group === "team") return team(coach, invocation.name, interaction);
    switch (invocation.name) {
      case "enroll":
        return enroll(coach, interaction);
      case "clients":
        return rosterText(prisma, deps.catalog, coach.id);
      case "digest":
        await queueCoachDigest(prisma, deps.catalog, coach.id, deps.clock.now(), `discord:${interaction.id}`);
        await deps.pipeline.deliver();
        return deps.catalog.digest.onItsWay;
      case "client": {
        const person = interaction.options.getUser("user", true);
        const client = await clientOf(coach, person.id);
        return client ? preparationView(prisma, deps.catalog, client.id) : wording.notYourClient(mention(person.id));
      }
      default:
        return wording.unknownCommand;
    }
  };

  /** Handles a coach-only invocation end to end: access, acknowledgement, work, private reply. */
  return async (interaction: ChatInputCommandInteraction, invocation: CoachInvocation): Promise<void> => {
    if (!(await deferPrivately(interaction, log))) return;
    const isLink = invocation.group === "team" && invocation.name === "link";
    let text: string;
    try {
      const access = await coachAccess(deps.access, interaction, { manageServerMayLink: isLink });
      if (!access.ok) {
        log.info("discord: a coach command was refused", { userId: interaction.user.id, command: invocation.name, group: invocation.group, why: access.why });
        text = access.why === "notSetUp" ? setupHint(deps.access) : isLink ? wording.linkNeedsCoach : wording.coachOnly;
      } else {
        text = await run(access.coach, invocation, interaction);
      }
    } catch (error) {
      log.error("discord: a coach command failed", { interactionId: interaction.id, command: invocation.name, group: invocation.group, error });
      text = wording.somethingWrong;
    }
    await replyPrivately(interaction, text, log);
  };
}

function displayName(user: User): string {
  return user.globalName ?? user.username;
}
