import { describe, expect, it } from "vitest";
import { inQuietHours, localWeek, nextAllowed, nextDaily, nextDigestJob, nextWeekly, programJobs } from "../../src/domain/schedule.js";

const iso = (d: Date) => d.toISOString();

describe("weekly slots across daylight-saving changes", () => {
  it("keeps 09:00 local in New York across the November fall-back", () => {
    const slot = { weekday: 1, time: "09:00", timezone: "America/New_York" };
    const before = nextWeekly(new Date("2026-10-27T00:00:00Z"), slot);
    expect(iso(before)).toBe("2026-11-02T14:00:00.000Z"); // EST after 1 Nov: UTC-5
    const previous = nextWeekly(new Date("2026-10-20T00:00:00Z"), slot);
    expect(iso(previous)).toBe("2026-10-26T13:00:00.000Z"); // EDT: UTC-4
  });

  it("keeps 09:00 local in Berlin across the March spring-forward", () => {
    const slot = { weekday: 1, time: "09:00", timezone: "Europe/Berlin" };
    expect(iso(nextWeekly(new Date("2027-03-23T00:00:00Z"), slot))).toBe("2027-03-29T07:00:00.000Z"); // CEST: UTC+2
    expect(iso(nextWeekly(new Date("2027-03-16T00:00:00Z"), slot))).toBe("2027-03-22T08:00:00.000Z"); // CET: UTC+1
  });

  it("moves a local time that does not exist (inside the spring-forward gap) forward", () => {
    const slot = { weekday: 7, time: "02:30", timezone: "America/New_York" };
    expect(iso(nextWeekly(new Date("2027-03-13T12:00:00Z"), slot))).toBe("2027-03-14T07:30:00.000Z"); // 03:30 EDT
  });

  it("finds the slot on a day whose clock change is at midnight (Nuuk's spring-forward once failed to plan at all)", () => {
    // Friday 23:51 in Nuuk; that Saturday ends at 22:00 when the clock jumps to Sunday 00:00.
    const slot = { weekday: 6, time: "00:00", timezone: "America/Nuuk" };
    expect(iso(nextWeekly(new Date("2025-03-29T01:51:00Z"), slot))).toBe("2025-03-29T02:00:00.000Z"); // Saturday 00:00 at UTC-2
  });

  it("takes the first of a local time that happens twice (the fall-back hour), whenever it is planned from", () => {
    const slot = { weekday: 7, time: "01:30", timezone: "America/New_York" };
    // 1 November 2026: 01:30 EDT (05:30 UTC) comes before 01:30 EST (06:30 UTC).
    for (const from of ["2026-10-26T12:00:00Z", "2026-10-31T12:00:00Z", "2026-11-01T05:00:00Z"]) {
      expect(iso(nextWeekly(new Date(from), slot))).toBe("2026-11-01T05:30:00.000Z");
    }
  });

  it("is strictly after the given instant, even on the slot's own day", () => {
    const slot = { weekday: 2, time: "09:00", timezone: "UTC" };
    expect(iso(nextWeekly(new Date("2026-11-24T09:00:00Z"), slot))).toBe("2026-12-01T09:00:00.000Z");
    expect(iso(nextWeekly(new Date("2026-11-24T08:59:00Z"), slot))).toBe("2026-11-24T09:00:00.000Z");
  });

  it("labels the period by the local week", () => {
    // Sunday 11:30 UTC is Monday 00:30 in Auckland (UTC+13 in November): a new ISO week there.
    expect(localWeek(new Date("2026-11-29T11:30:00Z"), "Pacific/Auckland")).toBe("2026-W49"); // already Monday 00:30 there
    expect(localWeek(new Date("2026-11-29T11:30:00Z"), "UTC")).toBe("2026-W48");
  });
});

describe("quiet hours and holidays", () => {
  const tz = "Europe/London";
  it("detects quiet hours that wrap past midnight", () => {
    const quiet = { start: "22:00", end: "07:00" };
    expect(inQuietHours(new Date("2026-11-24T23:00:00Z"), quiet, tz)).toBe(true);
    expect(inQuietHours(new Date("2026-11-24T06:59:00Z"), quiet, tz)).toBe(true);
    expect(inQuietHours(new Date("2026-11-24T07:00:00Z"), quiet, tz)).toBe(false);
    expect(inQuietHours(new Date("2026-11-24T12:00:00Z"), { start: null, end: null }, tz)).toBe(false);
  });

  it("moves a check-in off a holiday to the next allowed day at the same local time", () => {
    const moved = nextAllowed(new Date("2026-12-25T09:00:00Z"), {
      timezone: tz,
      holidays: new Set(["2026-12-25", "2026-12-26"]),
      quiet: { start: null, end: null },
    });
    expect(iso(moved)).toBe("2026-12-27T09:00:00.000Z");
  });

  it("moves a check-in out of quiet hours to their end", () => {
    const moved = nextAllowed(new Date("2026-11-24T21:30:00Z"), { timezone: tz, holidays: new Set(), quiet: { start: "21:00", end: "07:30" } });
    expect(iso(moved)).toBe("2026-11-25T07:30:00.000Z");
  });
});

describe("program and digest plans", () => {
  it("plans the first check-in at least three days in, reviews at weeks 4, 6, 8 and the program review at 13", () => {
    const jobs = programJobs({ id: "c1", timezone: "UTC", checkinWeekday: 1, checkinTime: "09:00" }, new Date("2026-11-24T10:00:00Z"));
    expect(jobs.map((j) => [j.kind, j.period, iso(j.dueAt)])).toEqual([
      ["checkin", "2026-W49", "2026-11-30T09:00:00.000Z"],
      ["goal_review", "2026-11-24/week-4", "2026-12-22T09:00:00.000Z"],
      ["goal_review", "2026-11-24/week-6", "2027-01-05T09:00:00.000Z"],
      ["goal_review", "2026-11-24/week-8", "2027-01-19T09:00:00.000Z"],
      ["program_review", "2026-11-24/week-13", "2027-02-23T09:00:00.000Z"],
    ]);
  });

  it("plans daily and weekly digests at the coach's local time", () => {
    const coach = { id: "k", timezone: "America/Los_Angeles", digestCadence: "daily", digestTime: "08:00", digestWeekday: 1 };
    expect(iso(nextDigestJob(coach, new Date("2026-11-24T17:00:00Z")).dueAt)).toBe("2026-11-25T16:00:00.000Z");
    expect(iso(nextDigestJob({ ...coach, digestCadence: "weekly" }, new Date("2026-11-24T17:00:00Z")).dueAt)).toBe("2026-11-30T16:00:00.000Z");
    expect(iso(nextDaily(new Date("2026-11-24T15:00:00Z"), "08:00", "America/Los_Angeles"))).toBe("2026-11-24T16:00:00.000Z");
  });
});
