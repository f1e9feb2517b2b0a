// A client's export holds every row about them: each table with a clientId column (read from the
// database the migrations built, so a new table cannot be forgotten silently) is in it, complete.
import { afterAll, beforeAll, expect, it } from "vitest";
import { CoachDesk } from "../../src/coach/desk.js";
import { EXPORTED_TABLES, exportClientData } from "../../src/coach/privacy.js";
import { releaseClient, requestTransfer } from "../../src/engine/transfers.js";
import { catalog, createHarness, type Harness, onboard, silent } from "../support/harness.js";

let h: Harness;
let clientId: string;
beforeAll(async () => {
  h = await createHarness();
  await onboard(h, "exported", "Ari");
  const client = await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "exported" } });
  clientId = client.id;
  // Rows the conversation alone does not make: a session with the coach, a team and its check-in.
  await h.db.prisma.coachingSession.create({ data: { clientId, key: "s1", lengthMinutes: 30, phase: "ended", startedAt: new Date("2026-11-20T10:00:00Z") } });
  const team = await h.db.prisma.team.create({ data: { tenantId: client.tenantId, name: "Ops", channelId: "C-OPS" } });
  await h.db.prisma.teamMember.create({ data: { teamId: team.id, clientId } });
  const checkIn = await h.db.prisma.teamCheckIn.create({ data: { teamId: team.id, period: "2026-W48", postedAt: new Date("2026-11-23T09:00:00Z") } });
  await h.db.prisma.teamAnswer.create({ data: { teamCheckInId: checkIn.id, clientId, achievement: 80, answeredAt: new Date("2026-11-23T10:00:00Z") } });
}, 120_000);
afterAll(async () => h?.db.close());

it("includes, in full, every table that has a clientId", async () => {
  const tables = (
    await h.db.prisma.$queryRaw<{ table: string }[]>`
      SELECT table_name::text AS table FROM information_schema.columns
      WHERE table_schema = current_schema() AND column_name = 'clientId' ORDER BY table_name`
  ).map((r) => r.table);
  expect(tables.length).toBeGreaterThanOrEqual(13);
  expect(Object.keys(EXPORTED_TABLES).sort()).toEqual(tables);

  const exported = JSON.parse(JSON.stringify(await exportClientData(h.db.prisma, clientId, "client"))) as Record<string, unknown>;
  for (const table of tables) {
    const [{ n }] = (await h.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE "clientId" = $1`, clientId)) as [
      { n: bigint },
    ];
    expect(Number(n), `${table} rows for the client`).toBeGreaterThan(0);
    expect(EXPORTED_TABLES[table]!(exported), table).toHaveLength(Number(n));
  }
  // The messages sent to the client are there with their text.
  expect(JSON.stringify(exported.messages)).toMatch(/What name would you like me to use\?/);
  expect((exported.teamMemberships as { team: { name: string } }[])[0]!.team.name).toBe("Ops");
}, 120_000);

it("leaves session notes out of the client's own copy; a coach's copy has the notes of the sessions they ran, not a previous coach's", async () => {
  const tenantId = (await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "exported" } })).tenantId;
  const kim = await h.db.prisma.coach.create({ data: { tenantId, platformUserId: "kim", name: "Kim" } });
  const lee = await h.db.prisma.coach.create({ data: { tenantId, platformUserId: "lee", name: "Lee" } });
  await onboard(h, "noted", "Noa");
  const noa = await h.db.prisma.client.update({ where: { tenantId_platformUserId: { tenantId, platformUserId: "noted" } }, data: { coachId: kim.id } });
  const desk = new CoachDesk({ prisma: h.db.prisma, engine: h.engine, catalog, clock: h.clock });
  let n = 0;
  const coach = (line: string) => desk.run({ eventId: `export-desk-${++n}`, clientId: noa.id, words: line.split(" ") });
  // Kim: one session sent to Noa, and one still running (its notes are in the machine's snapshot too).
  for (const line of ["session start 30", "note possible low mood, consider referral to GP", "share asking for help works", "end", "send"]) await coach(line);
  for (const line of ["session start 30", "next", "note talked about the night shifts"]) await coach(line);
  await h.sender.deliverDue();

  const own = JSON.stringify(await exportClientData(h.db.prisma, noa.id, "client"));
  expect(own.match(/low mood|referral to GP|night shifts/g)).toBeNull();
  // What the coach shared is hers: the summary, as it was sent and as the session recorded it.
  expect(own).toContain("asking for help works");
  const ownSessions = (JSON.parse(own) as { client: { sessions: { key: string; summary: string | null }[] } }).client.sessions;
  expect(ownSessions.map((session) => session.key).sort()).toEqual(["s1", "s2"]);
  expect(ownSessions.find((session) => session.key === "s1")?.summary).toMatch(/What you are taking away:\n {2}- asking for help works/);

  const kimsCopy = JSON.stringify(await exportClientData(h.db.prisma, noa.id, { coachId: kim.id }));
  expect(kimsCopy).toContain("possible low mood, consider referral to GP");
  expect(kimsCopy).toContain("talked about the night shifts");

  // Noa moves to Lee (Kim hands her over), and Lee runs a session of their own.
  expect(await requestTransfer({ prisma: h.db.prisma, catalog, log: silent }, noa.id, lee, "export-ask", h.clock.now())).toBe("asked");
  expect(await releaseClient({ prisma: h.db.prisma, catalog, log: silent }, noa.id, "export-release", h.clock.now())).toEqual({ to: "Lee" });
  for (const line of ["end", "send", "session start 30", "note prefers mornings"]) await coach(line);
  const leesCopy = JSON.stringify(await exportClientData(h.db.prisma, noa.id, { coachId: lee.id }));
  expect(leesCopy.match(/low mood|referral to GP|night shifts/g)).toBeNull();
  expect(leesCopy).toContain("prefers mornings");
  const leesSessions = (JSON.parse(leesCopy) as { client: { sessions: { key: string; summary: string | null }[] } }).client.sessions;
  // Lee sees that Kim's sessions happened, and what Kim shared with Noa.
  expect(leesSessions.map((session) => session.key).sort()).toEqual(["s1", "s2", "s3"]);
  expect(leesSessions.find((session) => session.key === "s1")?.summary).toContain("asking for help works");
}, 120_000);

it("leaves the coach's reasons for a stage change and the lines sent to the coach out of the client's own copy; the coach's copy keeps them", async () => {
  const tenantId = (await h.db.prisma.client.findFirstOrThrow({ where: { platformUserId: "exported" } })).tenantId;
  const max = await h.db.prisma.coach.create({ data: { tenantId, platformUserId: "max", name: "Max" } });
  await onboard(h, "restaged", "Kim");
  const kim = await h.db.prisma.client.update({ where: { tenantId_platformUserId: { tenantId, platformUserId: "restaged" } }, data: { coachId: max.id } });
  const area = (await h.db.prisma.clientDomain.findFirstOrThrow({ where: { clientId: kim.id } })).domain;
  const desk = new CoachDesk({ prisma: h.db.prisma, engine: h.engine, catalog, clock: h.clock });
  let n = 0;
  const coach = (line: string) => desk.run({ eventId: `restage-desk-${++n}`, clientId: kim.id, words: line.split(" ") });
  await h.engine.dispatch(kim.id, "restage-1", (at) => ({
    type: "STAGE_SET",
    at,
    domain: area,
    stage: "preparation",
    reason: "she told me about her divorce",
    coachId: max.id,
  }));
  for (const line of ["session start 20", "note possible burnout"]) await coach(line);
  await h.sender.deliverDue();

  const own = JSON.parse(JSON.stringify(await exportClientData(h.db.prisma, kim.id, "client"))) as {
    client: { stageTransitions: { toStage: string; reason: string; changedBy: string }[] };
    messages: { recipient: string }[];
  };
  const ownText = JSON.stringify(own);
  expect(ownText).not.toContain("divorce");
  expect(ownText).not.toMatch(/Noted under/);
  // The change itself stays in her history, with a reason that says who made it.
  const byCoach = own.client.stageTransitions.filter((t) => t.changedBy === "coach");
  expect(byCoach).toEqual([expect.objectContaining({ toStage: "preparation", reason: "changed by your coach" })]);
  expect(own.messages.length).toBeGreaterThan(0);
  expect(own.messages.every((m) => m.recipient === "restaged")).toBe(true);

  const maxsCopy = JSON.stringify(await exportClientData(h.db.prisma, kim.id, { coachId: max.id }));
  expect(maxsCopy).toContain("she told me about her divorce");
  expect(maxsCopy).toMatch(/Noted under/);
}, 120_000);
