// The coach features, tested once and proven on every platform (like test/engine/engine.contract.ts):
// a platform passes a driver that runs /coach as a person against its stand-in and reads what
// they were told privately and by DM. Wording comes from src/interactions, the same everywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactionWording as say } from "../../../src/interactions/index.js";
import type { PrismaClient } from "../../../src/store/database.js";

export interface ContractPerson {
  id: string;
}

export interface CommandArgs {
  user?: ContractPerson;
  minutes?: number;
  area?: string;
  /** A flag's number (`flag ack`, `flag resolve`). */
  number?: number;
  /** Free text, last on the line (`flag resolve`'s note). */
  note?: string;
}

export interface PlatformDriver {
  prisma: PrismaClient;
  /** A coach registered the platform's way (COACH_USER_IDS), and their name as the platform told it. */
  coach: ContractPerson;
  coachName: string;
  person(key: string, name: string): ContractPerson;
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
    });
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
      expect(listed).toContain(`! flag ${flag.number}: ${d.mention(ann)}, crisis, open `);
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

      expect(await d.run(d.coach, "flag ack", { number: flag.number })).toBe(say.flags.acknowledged(flag.number, d.mention(ann)));
      expect(await d.run(d.coach, "flag resolve", { number: flag.number, note: "Called Ann; she is safe and seeing her GP" })).toBe(
        say.flags.resolved(flag.number, d.mention(ann)),
      );
      const closed = await d.prisma.flag.findUniqueOrThrow({ where: { id: flag.id } });
      expect(closed.resolutionNote).toBe("Called Ann; she is safe and seeing her GP");
      expect(closed.resolvedBy).toBe(d.coach.id);
      expect(await d.run(d.coach, "flags")).not.toContain("contract words");
    });

    it("a coach acts on their own clients only", async () => {
      const other = d.person("other", "Other");
      expect(await d.run(d.coach, "client", { user: other })).toBe(say.notYourClient(d.mention(other), d.command("enroll")));
    });
  });
}
