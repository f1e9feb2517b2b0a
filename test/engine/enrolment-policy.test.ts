// Who becomes a client by writing to the bot (issue 11, finding 9). By default nobody: a stranger
// gets a kind reply, nothing they wrote is stored or shown to a coach, and a log line says so.
// Open enrolment is a per-tenant setting, and the coach is told of each new client. Every
// client is told at the start, and on /privacy, what their coach sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoachingEngine } from "../../src/engine/engine.js";
import { enrolmentSettings } from "../../src/engine/enrolment.js";
import type { Inbound, InboundKind, InboundTenant } from "../../src/engine/inbound.js";
import { createLogger } from "../../src/log.js";
import { createClientMachine } from "../../src/machines/client.machine.js";
import { catalog, createHarness, type Harness } from "../support/harness.js";

let h: Harness;
const logLines: string[] = [];
let invitationOnly: CoachingEngine;
let openInAcme: CoachingEngine;
const e = catalog.messages.enrolment;
const ACME: InboundTenant = { platform: "slack", externalId: "T_ACME", name: "Acme" };
const BETA: InboundTenant = { platform: "slack", externalId: "T_BETA", name: "Beta" };
const CONSOLE: InboundTenant = { platform: "console", externalId: "local", name: "Console" };
let n = 0;

beforeAll(async () => {
  h = await createHarness();
  const deps = { prisma: h.db.prisma, machine: createClientMachine(catalog), catalog, clock: h.clock, log: createLogger("info", (l) => logLines.push(l)) };
  // No setting: what the engine does when nobody opened enrolment.
  invitationOnly = new CoachingEngine(deps);
  openInAcme = new CoachingEngine({ ...deps, enrolment: enrolmentSettings(["T_ACME"]) });
  for (const tenant of [ACME, BETA]) {
    const t = await h.db.prisma.tenant.create({ data: tenant });
    await h.db.prisma.coach.create({ data: { tenantId: t.id, platformUserId: `U_KIM_${tenant.name}`, name: "Kim" } });
  }
}, 120_000);
afterAll(async () => h?.db.close());

const write = (engine: CoachingEngine, tenant: InboundTenant, user: string, kind: InboundKind) =>
  engine.handle({ ...kind, eventId: `enrolment-${++n}`, tenant, user: { platformUserId: user, displayName: user } } as Inbound);
const outboxTo = async (recipient: string) =>
  (await h.db.prisma.outboxMessage.findMany({ where: { recipient }, orderBy: { id: "asc" } })).map((m) => ({
    clientId: m.clientId,
    texts: (m.payload as { prompts: { text: string }[] }).prompts.map((p) => p.text),
  }));
const everyRowMentioning = async (words: string) => {
  const rows = await h.db.prisma.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT count(*) FROM "OutboxMessage" WHERE payload::text ILIKE ${`%${words}%`})
         + (SELECT count(*) FROM "Flag" WHERE detail ILIKE ${`%${words}%`})
         + (SELECT count(*) FROM "Answer" WHERE value::text ILIKE ${`%${words}%`}) AS n`;
  return Number(rows[0]!.n);
};

describe("invitation only (the default)", () => {
  it("a stranger who writes gets a kind reply and becomes nobody's client; nothing they wrote is kept", async () => {
    const result = await write(invitationOnly, ACME, "U_STRANGER", { kind: "message", text: "hello, my manager Pat is driving me up the wall" });
    expect(result).toMatchObject({ status: "declined", clientId: null });
    expect(await h.db.prisma.client.count({ where: { platformUserId: "U_STRANGER" } })).toBe(0);
    const [reply, ...more] = await outboxTo("U_STRANGER");
    expect(more).toEqual([]);
    expect(reply).toEqual({ clientId: null, texts: [expect.stringContaining("Coaching in Acme is by invitation")] });
    expect(reply!.texts[0]).toMatch(/ask a coach there to enroll you.*I haven't kept what you wrote, and no coach has seen it\./s);
    expect(await everyRowMentioning("driving me up the wall")).toBe(0);
    expect(await outboxTo("U_KIM_Acme")).toEqual([]);
    const logged = logLines.filter((l) => l.includes("U_STRANGER"));
    expect(logged).toEqual([expect.stringContaining("enrolment here is by invitation")]);
    expect(logged.join("")).not.toContain("up the wall");
  });

  it("a stranger in distress is pointed to help, and still no coach sees their words", async () => {
    await write(invitationOnly, ACME, "U_DISTRESSED", { kind: "message", text: "honestly I want to end my life" });
    const [reply] = await outboxTo("U_DISTRESSED");
    expect(reply!.texts[0]).toContain(e.strangerConcern);
    expect(reply!.texts[0]).toContain(catalog.safety.resources.default![0]);
    expect(reply!.texts[1]).toContain("by invitation");
    expect(await everyRowMentioning("end my life")).toBe(0);
    expect(await h.db.prisma.flag.count()).toBe(0);
    expect(await outboxTo("U_KIM_Acme")).toEqual([]);
  });

  it("a stranger in distress gets the helplines of the country their profile's time zone is in", async () => {
    await invitationOnly.handle({
      kind: "message",
      text: "honestly I want to end my life",
      eventId: `enrolment-${++n}`,
      tenant: ACME,
      user: { platformUserId: "U_DISTRESSED_UK", profile: async () => ({ timezone: "Europe/London" }) },
    });
    const [reply] = await outboxTo("U_DISTRESSED_UK");
    expect(reply!.texts[0]).toContain(catalog.safety.resources["en-GB"]![1]);
    expect(reply!.texts[0]).not.toContain("988");
  });

  it("a command or a button from a stranger is answered the same way, once per event", async () => {
    const first = await invitationOnly.handle({
      kind: "command",
      name: "checkin",
      args: [],
      eventId: "stranger-cmd",
      tenant: ACME,
      user: { platformUserId: "U_CMD" },
    });
    const again = await invitationOnly.handle({
      kind: "command",
      name: "checkin",
      args: [],
      eventId: "stranger-cmd",
      tenant: ACME,
      user: { platformUserId: "U_CMD" },
    });
    expect([first.messagesQueued, again.messagesQueued]).toEqual([1, 0]);
    expect(await h.db.prisma.client.count({ where: { platformUserId: "U_CMD" } })).toBe(0);
  });

  it("a coach who says hello is pointed to their commands, not told to find a coach", async () => {
    await write(invitationOnly, ACME, "U_KIM_Acme", { kind: "message", text: "hi" });
    const [reply] = await outboxTo("U_KIM_Acme");
    expect(reply!.texts).toEqual([expect.stringContaining("You're a coach in Acme")]);
    expect(await h.db.prisma.client.count({ where: { platformUserId: "U_KIM_Acme" } })).toBe(0);
  });

  it("someone a coach enrolled is a client: the first message of onboarding says what their coach sees", async () => {
    const acme = await h.db.prisma.tenant.findUniqueOrThrow({
      where: { platform_externalId: { platform: "slack", externalId: "T_ACME" } },
      include: { coaches: true },
    });
    await h.db.prisma.client.create({ data: { tenantId: acme.id, coachId: acme.coaches[0]!.id, platformUserId: "U_INVITED" } });
    expect((await write(invitationOnly, ACME, "U_INVITED", { kind: "message", text: "hi" })).status).toBe("applied");
    const [greeting] = await outboxTo("U_INVITED");
    expect(greeting!.texts[0]).toMatch(/^Hello, and welcome!.*Your coach sees your answers, goals and progress, and nobody else here does; type \/privacy/);
  });
});

describe("open enrolment (a setting per tenant)", () => {
  it("where it is open, a newcomer becomes the first coach's client, is told what the coach sees, and the coach is told", async () => {
    expect((await write(openInAcme, ACME, "U_WALKIN", { kind: "message", text: "hi" })).status).toBe("applied");
    const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "U_WALKIN" }, include: { coach: true } });
    expect(client.coach?.platformUserId).toBe("U_KIM_Acme");
    expect((await outboxTo("U_WALKIN"))[0]!.texts[0]).toContain("type /privacy any time");
    expect(await outboxTo("U_KIM_Acme")).toContainEqual({
      clientId: client.id,
      texts: [expect.stringMatching(/^U_WALKIN wrote to me and is now your client: in Acme anyone who writes/)],
    });
  });

  it("only in the tenants named: another workspace stays by invitation", async () => {
    expect((await write(openInAcme, BETA, "U_WALKIN_BETA", { kind: "message", text: "hi" })).status).toBe("declined");
    expect(await h.db.prisma.client.count({ where: { platformUserId: "U_WALKIN_BETA" } })).toBe(0);
    expect(await outboxTo("U_KIM_Beta")).toEqual([]);
  });

  it('"all" opens every tenant; the console always welcomes its one local client', async () => {
    expect(enrolmentSettings(["all"]).openIn).toBe("all");
    expect((await write(invitationOnly, CONSOLE, "local-client", { kind: "start" })).status).toBe("applied");
  });
});

describe("/privacy", () => {
  it("tells a client what their coach sees and what stays private, then repeats the open question", async () => {
    const before = (await outboxTo("U_WALKIN")).length;
    await write(openInAcme, ACME, "U_WALKIN", { kind: "command", name: "privacy", args: [] });
    const [reply] = (await outboxTo("U_WALKIN")).slice(before);
    expect(reply!.texts[0]).toBe(e.privacy);
    expect(reply!.texts[1]).toMatch(/What name would you like me to use\?/);
  });
});
