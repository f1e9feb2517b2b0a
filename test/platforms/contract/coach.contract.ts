// The coach features, tested once and proven on every platform (like test/engine/engine.contract.ts):
// a platform passes a driver that runs /coach as a person against its stand-in and reads what
// they were told privately and by DM. Wording comes from src/interactions, the same everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../../src/flows/loader.js";
import { interactionWording as say } from "../../../src/interactions/index.js";
import type { PrismaClient } from "../../../src/store/database.js";

const catalog = loadCatalog();

export interface ContractPerson {
  id: string;
}

export interface CommandArgs {
  user?: ContractPerson;
  minutes?: number;
  area?: string;
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
  /** Everything `who` received by DM so far. */
  dms(who: ContractPerson): Promise<string[]>;
  mention(who: ContractPerson): string;
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
