// The coach features, tested once and proven on every platform (like test/engine/engine.contract.ts):
// a platform passes a driver that runs /coach as a person against its stand-in and reads what
// they were told privately and by DM. Wording comes from src/interactions, the same everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "../../../src/domain/calendar.js";
import { fillTemplate } from "../../../src/domain/script.js";
import { loadCatalog } from "../../../src/flows/loader.js";
import { interactionWording as say } from "../../../src/interactions/index.js";
import type { PrismaClient } from "../../../src/store/database.js";

const catalog = loadCatalog();

export interface ContractPerson {
  id: string;
}

export interface ContractChannel {
  id: string;
  name: string;
}

export interface CommandArgs {
  user?: ContractPerson;
  minutes?: number;
  area?: string;
  /** A flag's number (`flag ack`, `flag resolve`). */
  number?: number;
  /** Free text, last on the line (`flag resolve`'s note). */
  note?: string;
  channel?: ContractChannel;
  /** The `name` option (a team's name). */
  name?: string;
}

/** Everything a command's private answer held: its text, attached files, and button captions. */
export interface PrivateAnswer {
  text: string;
  files: { name: string; text: string }[];
  buttons: string[];
}

export interface PlatformDriver {
  prisma: PrismaClient;
  /** A coach registered the platform's way (COACH_USER_IDS), and their name as the platform told it. */
  coach: ContractPerson;
  coachName: string;
  /** A second coach of the same workspace or server, registered the same way. */
  otherCoach: ContractPerson;
  otherCoachName: string;
  person(key: string, name: string): ContractPerson;
  /** `who` presses the button labelled `label` on the newest DM showing it. */
  press(who: ContractPerson, label: string): Promise<void>;
  /** `who` types `text` in their DM with the bot. */
  type(who: ContractPerson, text: string): Promise<void>;
  /** Runs `/coach <name>` as `who`; returns the private reply's text ("" when there was none). */
  run(who: ContractPerson, name: string, args?: CommandArgs): Promise<string>;
  /** Runs `/coach <name>` as `who`; returns the whole private answer (files, buttons). */
  answer(who: ContractPerson, name: string, args?: CommandArgs): Promise<PrivateAnswer>;
  /** `who` presses the button `label` of the last private answer they got; returns what they are shown then. */
  pressOnAnswer(who: ContractPerson, label: string): Promise<string>;
  /** A channel of the workspace or server (the bot can post in it). */
  channel(key: string): ContractChannel;
  /** What the bot posted in `channel`, in order, as each message reads now. */
  channelPosts(channel: ContractChannel): Promise<string[]>;
  /** Everything `who` received by DM so far. */
  dms(who: ContractPerson): Promise<string[]>;
  mention(who: ContractPerson): string;
  /** How a channel is written in replies. */
  channelMention(channel: ContractChannel): string;
  /** How a command is written in replies, e.g. "`/coach session start`". */
  command(name: string): string;
  close(): Promise<void>;
}

export function coachContract(name: string, start: () => Promise<PlatformDriver>): void {
  describe(`coach features on ${name}`, () => {
    let d: PlatformDriver;
    let ann: ContractPerson;
    let bea: ContractPerson;
    beforeAll(async () => {
      d = await start();
      ann = d.person("ann", "Ann");
      bea = d.person("bea", "Bea");
      // Starting a database and an adapter takes a while on a busy machine.
    }, 180_000);
    afterAll(() => d?.close());

    it("refuses a coach command from someone who is not a coach, and changes nothing", async () => {
      const stranger = d.person("stranger", "Stranger");
      const reply = await d.run(stranger, "enroll", { user: ann });
      expect(reply).not.toBe("");
      expect(await d.prisma.client.count()).toBe(0);
    });

    it("enroll with a suggested area: the invitation comes first by DM, then the greeting", async () => {
      expect(await d.run(d.coach, "enroll", { user: ann, area: "exercise" })).toBe(say.enrolled(d.mention(ann), "Exercise"));
      const [invitation, greeting] = await d.dms(ann);
      expect(invitation).toBe(say.invited(d.coachName, "Exercise"));
      expect(greeting).toMatch(/What name would you like me to use\?/);
      const row = await d.prisma.client.findFirstOrThrow({ where: { platformUserId: ann.id }, include: { coach: true } });
      expect(row.coach?.platformUserId).toBe(d.coach.id);
    });

    it("an unknown area is refused kindly and enrolls nobody", async () => {
      expect(await d.run(d.coach, "enroll", { user: bea, area: "knitting" })).toMatch(/^I don't know the area "knitting"/);
      expect(await d.prisma.client.count({ where: { platformUserId: bea.id } })).toBe(0);
    });

    it("with sessions running for two clients, a step without a client asks which one and changes nothing", async () => {
      await d.run(d.coach, "enroll", { user: bea });
      await d.run(d.coach, "session start", { user: ann, minutes: 20 });
      await d.run(d.coach, "session start", { user: bea, minutes: 20 });
      const phases = () => d.prisma.coachingSession.findMany({ select: { phase: true }, orderBy: { startedAt: "asc" } });
      const before = await phases();
      const reply = await d.run(d.coach, "session next");
      expect(reply).toBe(say.severalSessions(`${d.mention(bea)}, ${d.mention(ann)}`, `${d.command("session next")} ${d.mention(bea)}`));
      expect(await phases()).toEqual(before);
      for (const user of [ann, bea]) {
        await d.run(d.coach, "session end", { user });
        await d.run(d.coach, "session send", { user });
      }
      expect(await d.prisma.coachingSession.count({ where: { phase: { not: "ended" } } })).toBe(0);
    });

    it("flags: the coach lists, acknowledges and resolves their own clients' flags; another coach's stay hidden", async () => {
      const annRow = await d.prisma.client.findFirstOrThrow({ where: { platformUserId: ann.id } });
      const flag = await d.prisma.flag.create({
        data: { clientId: annRow.id, kind: "crisis", severity: "urgent", detail: '"contract words"', raisedAt: new Date(Date.now() - 2 * 86_400_000) },
      });
      const listed = await d.run(d.coach, "flags");
      expect(listed).toMatch(/^Open flags \(\d+\), red flags first:/);
      // Named as the digest names them, on every platform: the name her platform gave at enrolment.
      const annName = annRow.name;
      expect(annName).toBeTruthy();
      expect(listed).toContain(`! flag ${flag.number}: ${annName}, ${catalog.digest.flagKinds.crisis}, open `);
      expect(listed).toContain("contract words");

      const lee = await d.prisma.coach.create({ data: { tenantId: annRow.tenantId, platformUserId: "U_LEE_OTHER", name: "Lee" } });
      const cy = await d.prisma.client.create({ data: { tenantId: annRow.tenantId, coachId: lee.id, platformUserId: "U_CY_OTHER", name: "Cy" } });
      const hidden = await d.prisma.flag.create({ data: { clientId: cy.id, kind: "crisis", severity: "urgent", detail: '"lee only"', raisedAt: new Date() } });
      expect(await d.run(d.coach, "flags")).not.toContain("lee only");
      expect(await d.run(d.coach, "flag ack", { number: hidden.number })).toBe(say.flags.notFound(hidden.number, d.command("flags")));
      expect(await d.run(d.coach, "flag resolve", { number: hidden.number, note: "not mine" })).toBe(say.flags.notFound(hidden.number, d.command("flags")));
      const stranger = d.person("stranger", "Stranger");
      expect(await d.run(stranger, "flag ack", { number: flag.number })).not.toBe("");
      const untouched = await d.prisma.flag.findMany({ where: { id: { in: [flag.id, hidden.id] } }, select: { acknowledgedAt: true, resolvedAt: true } });
      expect(untouched.every((f) => f.acknowledgedAt === null && f.resolvedAt === null)).toBe(true);

      expect(await d.run(d.coach, "flag ack", { number: flag.number })).toBe(say.flags.acknowledged(flag.number, annName!));
      expect(await d.run(d.coach, "flag resolve", { number: flag.number, note: "Called Ann; she is safe and seeing her GP" })).toBe(
        say.flags.resolved(flag.number, annName!),
      );
      const closed = await d.prisma.flag.findUniqueOrThrow({ where: { id: flag.id } });
      expect(closed.resolutionNote).toBe("Called Ann; she is safe and seeing her GP");
      expect(closed.resolvedBy).toBe(d.coach.id);
      expect(await d.run(d.coach, "flags")).not.toContain("contract words");
    });

    it("export: a client gets their data as a file, privately; their coach may export it; nobody else gets it", async () => {
      const cat = d.person("cat", "Cat");
      await d.run(d.coach, "enroll", { user: cat });
      const own = await d.answer(cat, "export");
      expect(own.text).toBe(say.exportReady(null));
      expect(own.files.map((f) => f.name)).toEqual([expect.stringMatching(/^coaching-data-\d{4}-\d{2}-\d{2}\.json$/)]);
      expect(JSON.parse(own.files[0]!.text).client.platformUserId).toBe(cat.id);

      const byCoach = await d.answer(d.coach, "export", { user: cat });
      expect(byCoach.text).toBe(say.exportReady(d.mention(cat)));
      expect(JSON.parse(byCoach.files[0]!.text).client.platformUserId).toBe(cat.id);

      const nosy = await d.answer(d.person("nosy", "Nosy"), "export", { user: cat });
      expect(nosy.files).toEqual([]);
      expect(nosy.text).not.toBe("");
    });

    it("delete: asks first; keeping deletes nothing, confirming deletes the client", async () => {
      const dan = d.person("dan", "Dan");
      await d.run(d.coach, "enroll", { user: dan });
      const asked = await d.answer(dan, "delete");
      expect(asked.text).toBe(say.deleteQuestion(null));
      expect(asked.buttons).toEqual([say.deleteButton, say.keepButton]);
      expect(await d.pressOnAnswer(dan, say.keepButton)).toBe(say.kept);
      expect(await d.prisma.client.count({ where: { platformUserId: dan.id } })).toBe(1);

      await d.answer(dan, "delete");
      expect(await d.pressOnAnswer(dan, say.deleteButton)).toBe(say.deleted);
      expect(await d.prisma.client.count({ where: { platformUserId: dan.id } })).toBe(0);
    });

    it("digest: the coach is told it is on its way, and it arrives by DM", async () => {
      await d.dms(d.coach);
      // Where replies share the DM with the digest (Slack), the digest may arrive first.
      expect((await d.run(d.coach, "digest")).endsWith(catalog.digest.onItsWay)).toBe(true);
      const opening = fillTemplate(catalog.digest.header, { coach: d.coachName }).split(" (")[0]!;
      expect((await d.dms(d.coach)).some((m) => m.includes(opening))).toBe(true);
      const stranger = d.person("stranger2", "Stranger");
      expect(await d.run(stranger, "digest")).not.toBe(catalog.digest.onItsWay);
    });

    it("team commands: a coach links a channel, posts this week's check-in once, and reminds; others cannot", async () => {
      const channel = d.channel("crew");
      expect(await d.run(d.coach, "team link", { channel, name: "Crew" })).toBe(say.team.linked(d.channelMention(channel), "Crew"));
      expect(await d.channelPosts(channel)).toEqual([say.team.linkAnnouncement("Crew")]);
      const team = await d.prisma.team.findFirstOrThrow({ where: { channelId: channel.id }, include: { coach: true } });
      expect(team.coach?.platformUserId).toBe(d.coach.id);

      const week = isoWeek(new Date());
      expect(await d.run(d.person("member", "Member"), "team checkin", { channel })).not.toBe(say.team.checkInPosted(d.channelMention(channel), week));
      expect(await d.channelPosts(channel)).toHaveLength(1);

      expect(await d.run(d.coach, "team checkin", { channel })).toBe(say.team.checkInPosted(d.channelMention(channel), week));
      expect(await d.run(d.coach, "team checkin", { channel })).toBe(say.team.checkInAlreadyPosted(d.channelMention(channel), week));
      const posts = await d.channelPosts(channel);
      expect(posts).toHaveLength(2);
      expect(posts[1]).toContain(fillTemplate(catalog.team.post.header, { team: "Crew", period: week }));
      expect(await d.run(d.coach, "team remind", { channel })).toBe(say.team.reminded(0));

      const unlinked = d.channel("nowhere");
      expect(await d.run(d.coach, "team checkin", { channel: unlinked })).toBe(say.team.notATeam(d.channelMention(unlinked), d.command("team link")));
    });

    it("a coach acts on their own clients only", async () => {
      const other = d.person("other", "Other");
      expect(await d.run(d.coach, "client", { user: other })).toBe(say.notYourClient(d.mention(other), d.command("enroll")));
    });

    // Issue 11, finding 4: enrolling another coach's client asks; it never moves them silently.
    const coachOf = async (who: ContractPerson) =>
      (await d.prisma.client.findFirstOrThrow({ where: { platformUserId: who.id }, include: { coach: true } })).coach?.platformUserId;
    const e = () => catalog.messages.enrolment;
    const lastDm = async (who: ContractPerson) => (await d.dms(who)).at(-1) ?? "";
    // As the platform told the bot (a display name, or the user id where the platform gave none).
    const annName = async () => {
      const row = await d.prisma.client.findFirstOrThrow({ where: { platformUserId: ann.id } });
      return row.name ?? row.platformUserId;
    };

    it("enrolling another coach's client only asks: the client and their coach are told, and the asking coach sees nothing", async () => {
      expect(await d.run(d.otherCoach, "enroll", { user: ann })).toBe(say.transferAsked(d.mention(ann), d.coachName, d.command("release")));
      expect(await coachOf(ann)).toBe(d.coach.id);
      expect(await lastDm(ann)).toMatch(new RegExp(`^${d.otherCoachName} would like to be your coach, instead of ${d.coachName}\\.`));
      expect(await lastDm(d.coach)).toMatch(new RegExp(`^${d.otherCoachName} has asked to coach ${await annName()}`));
      // Nothing of Ann for the asking coach: no preparation view, no export.
      expect(await d.run(d.otherCoach, "client", { user: ann })).toBe(say.notYourClient(d.mention(ann), d.command("enroll")));
      expect(await d.run(d.otherCoach, "export", { user: ann })).toBe(say.notYourClient(d.mention(ann), d.command("enroll")));
      expect(await d.run(d.otherCoach, "enroll", { user: ann })).toBe(say.transferPending(d.mention(ann)));
    });

    it("the client says no with the button: nothing changes, and both coaches are told", async () => {
      await d.press(ann, e().transferNo);
      expect(await coachOf(ann)).toBe(d.coach.id);
      expect(await lastDm(ann)).toBe(e().transferDeclinedClient);
      expect(await lastDm(d.otherCoach)).toBe(`${await annName()} chose to stay with their coach, so nothing has changed.`);
      expect(await lastDm(d.coach)).toBe(`${await annName()} chose to stay with you; ${d.otherCoachName} asked to coach them, and that request is now closed.`);
    });

    it("asked again, the client agrees in plain words: they move, and all three are told", async () => {
      await d.run(d.otherCoach, "enroll", { user: ann });
      await d.type(ann, "yes");
      expect(await coachOf(ann)).toBe(d.otherCoach.id);
      expect(await lastDm(ann)).toBe(`Done: ${d.otherCoachName} is your coach now. ${d.coachName} no longer sees your coaching data, and both of them know.`);
      expect(await lastDm(d.otherCoach)).toMatch(new RegExp(`^${await annName()} is now your client\\.`));
      expect(await lastDm(d.coach)).toBe(`${await annName()} agreed to move to ${d.otherCoachName}, who is their coach now. You no longer see their data.`);
      expect(await d.run(d.otherCoach, "client", { user: ann })).toMatch(/^Preparing for a session with /);
      expect(await d.run(d.coach, "client", { user: ann })).toBe(say.notYourClient(d.mention(ann), d.command("enroll")));
    });

    it("the current coach can hand a client over with release; with nobody asking there is nothing to release", async () => {
      expect(await d.run(d.otherCoach, "release", { user: ann })).toBe(say.nothingToRelease(d.mention(ann)));
      await d.run(d.coach, "enroll", { user: ann });
      expect(await coachOf(ann)).toBe(d.otherCoach.id);
      expect(await d.run(d.otherCoach, "release", { user: ann })).toBe(say.released(d.mention(ann), d.coachName));
      expect(await coachOf(ann)).toBe(d.coach.id);
      expect(await lastDm(ann)).toMatch(new RegExp(`^${d.otherCoachName} has handed you over to ${d.coachName}, who is your coach from now on`));
      expect(await lastDm(d.coach)).toMatch(new RegExp(`^${await annName()} is now your client\\.`));
    });
  });
}
