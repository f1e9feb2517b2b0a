// Coaches in Slack: who counts as one, /coach enroll, clients, client, a whole session run from
// Slack, the urgent crisis alert, and the App Home tab. The real Bolt app over signed HTTP, the
// Web API stand-in, a real engine on in-memory PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helpText, interactionWording as say } from "../../../src/interactions/index.js";
import { wording } from "../../../src/platforms/slack/wording.js";
import { type DmUser, messageText, startWorld, type World } from "./support/world.js";

let world: World;
let coach: DmUser;
let ann: DmUser;
let zed: DmUser;
let eve: DmUser;
beforeAll(async () => {
  world = await startWorld({ coachUserIds: ["U_COACH", "U_LEAD"] });
  [coach, ann, zed, eve] = ["U_COACH", "U_ANN", "U_ZED", "U_EVE"].map((id) => world.user(id)) as [DmUser, DmUser, DmUser, DmUser];
});
afterAll(async () => {
  await world?.close();
});

const clientRow = (userId: string) => world.db.prisma.client.findFirst({ where: { platformUserId: userId }, include: { coach: true } });

describe("coach commands in Slack", () => {
  it("refuses coach commands from someone who is not a coach, kindly, and changes nothing", async () => {
    for (const text of ["clients", "enroll <@U_ANN|ann>", "session start <@U_ANN> 30", "next"]) await eve.command(text);
    expect(eve.newReplies()).toEqual(["clients", "enroll", "session start", "session next"].map((c) => wording.notACoach(c)));
    expect(await clientRow("U_ANN")).toBeNull();
    expect(await world.db.prisma.coach.count()).toBe(0);
    // Their own commands still reach the machine.
    await eve.command("help");
    expect(eve.newReplies().join("\n")).toMatch(/Here is what I can do/);
  });

  it("registers a person listed in COACH_USER_IDS as a coach on first use, and shows them the coach help", async () => {
    await coach.command("help");
    expect(coach.newReplies()).toEqual([helpText({ command: (name) => `\`/coach ${name}\`` }, "coach")]);
    const registered = await world.db.prisma.coach.findFirstOrThrow({ where: { platformUserId: "U_COACH" }, include: { tenant: true } });
    expect(registered).toMatchObject({ name: "Person U_COACH", tenant: { externalId: "T_ACME" } });
  });

  it("enrolls a person: says who invited them, greets them in a DM, and makes them the coach's client", async () => {
    await coach.command("enroll <@U_ANN|ann> Exercise");
    expect(ann.newReplies()).toEqual([say.invited("Person U_COACH", "Exercise"), expect.stringMatching(/What name would you like me to use\?/)]);
    expect(coach.newReplies()).toEqual([say.enrolled("<@U_ANN>", "Exercise")]);
    const client = await clientRow("U_ANN");
    expect(client?.coach?.platformUserId).toBe("U_COACH");
    // Until she gives her name, her coach's digest names her as Slack shows her, not by her user id.
    expect(client?.name).toBe("Person U_ANN");
    expect(await world.db.prisma.outboxMessage.count({ where: { recipient: "U_ANN", status: { not: "sent" } } })).toBe(0);
    // Ann gets started: her name, then whatever the bot asks.
    await ann.dm("Ann");
    await ann.answerEverything();
    expect(await clientRow("U_ANN")).toMatchObject({ name: "Ann", status: "active" });
    ann.newReplies();
  });

  it("answers an enroll without a mention or with an unknown area kindly", async () => {
    await coach.command("enroll");
    await coach.command("enroll <@U_BOB|bob> knitting");
    expect(coach.newReplies()).toEqual([
      say.missingOption("@person", "`/coach enroll @person [area]`"),
      expect.stringMatching(/^I don't know the area "knitting"\. You can choose: Exercise, Nutrition/),
    ]);
    expect(await clientRow("U_BOB")).toBeNull();
  });

  it("sends the coach an urgent alert right away when a client writes about wanting to die", async () => {
    await coach.command("enroll <@U_ZED|zed>");
    zed.newReplies();
    coach.newReplies();
    await zed.dm("honestly some days I want to die");
    expect(zed.newReplies().join("\n")).toMatch(/988|crisis|emergency/i);
    const alerts = coach.newReplies();
    // Zed has not given a name yet: the coach is told who it is by the Slack user id.
    expect(alerts).toEqual([
      expect.stringMatching(
        /^URGENT: A new client \(Slack user U_ZED\) wrote something that may mean they are not safe .*: "honestly some days I want to die"/,
      ),
    ]);
    const row = await world.db.prisma.outboxMessage.findFirstOrThrow({ where: { recipient: "U_COACH", kind: "coach_alert" } });
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    const flag = await world.db.prisma.flag.findFirstOrThrow({ where: { client: { platformUserId: "U_ZED" } } });
    expect(flag).toMatchObject({ severity: "urgent" });
    expect(flag.coachNotifiedAt).not.toBeNull();
  });

  it("lists the coach's clients with flagged ones first", async () => {
    await coach.command("clients");
    const [roster] = coach.newReplies();
    // Zed has given no name yet: shown as Slack shows them. Alphabetically Ann comes first; Zed's open urgent flag puts them first.
    expect(roster).toMatch(
      /^Your clients \(2\):\n {2}- Person U_ZED \(on hold after a safety concern\): not staged yet \| 1 open flag, 1 urgent\n {2}- Ann \(active\): Exercise: /,
    );
  });

  it("shows the preparation view of a client, and only of the coach's own clients", async () => {
    await coach.command("client <@U_ANN|ann>");
    await coach.command("prep <@U_EVE|eve>");
    await coach.command("client");
    expect(coach.newReplies()).toEqual([
      expect.stringMatching(/^Preparing for a session with Ann\n/),
      say.notYourClient("<@U_EVE>", "`/coach enroll`"),
      say.missingOption("@person", "`/coach client @person`"),
    ]);
  });

  it("runs a session from Slack, finding the running session without a mention, and sends the client the summary", async () => {
    await coach.command("next");
    expect(coach.newReplies()).toEqual([say.noSession("`/coach session start`")]);
    await coach.command("session start <@U_ANN|ann> 30");
    const started = coach.newReplies();
    expect(started[0]).toMatch(/^Session with Ann started: 30 minutes/);
    expect(started.at(-1)).toMatch(/^Opening: about \d+ min/);

    for (const step of [
      "next",
      "note <@U_ANN> lots of energy today",
      "next",
      "next",
      "goal walk 20 minutes after lunch on Monday, Wednesday and Friday",
      "next",
    ]) {
      await coach.command(step);
    }
    expect(coach.newReplies().join("\n")).toMatch(/Goal added for Ann: walk 20 minutes after lunch/);
    await coach.command("session note possible low mood, consider referral to GP");
    await coach.command("share asking my sister to join helps");
    await coach.command("end");
    const summary =
      "Thank you for our session today, Ann. Here is what we agreed:\n  - walk 20 minutes after lunch on Monday, Wednesday and Friday\n\nWhat you are taking away:\n  - asking my sister to join helps";
    expect(coach.newReplies().at(-1)).toContain(summary);
    expect(ann.newReplies()).toEqual([]);
    await coach.command("send");
    expect(coach.newReplies().at(-1)).toBe("Session with Ann ended; the summary was sent to them.");
    expect(ann.newReplies()).toEqual([summary]);
    const session = await world.db.prisma.coachingSession.findFirstOrThrow({ where: { client: { platformUserId: "U_ANN" } } });
    expect(session).toMatchObject({ phase: "ended", lengthMinutes: 30 });
    expect(session.notes).toMatchObject({ weekly_goal_review: ["lots of energy today"], close: ["possible low mood, consider referral to GP"] });
  });

  it("leaves the coach's session notes out of the client's own export, and keeps them in the coach's export of the client", async () => {
    const newestFile = () => [...world.api.files.values()].at(-1)!;
    await ann.command("export");
    const own = newestFile();
    expect(own.content).toContain("asking my sister to join helps");
    expect(own.content.match(/lots of energy today|low mood|referral to GP/g)).toBeNull();
    await coach.command("export <@U_ANN|ann>");
    const coachCopy = newestFile();
    expect(coachCopy.id).not.toBe(own.id);
    expect(coachCopy.content).toContain("lots of energy today");
    expect(coachCopy.content).toContain("possible low mood, consider referral to GP");
    ann.newReplies();
    coach.newReplies();
  });

  it("asks which client when sessions run with several, and takes the one named", async () => {
    await coach.command("session start <@U_ANN> 20");
    await coach.command("session start <@U_ZED> 20");
    coach.newReplies();
    await coach.command("next");
    expect(coach.newReplies()).toEqual([say.severalSessions("<@U_ZED>, <@U_ANN>", "`/coach session next` <@U_ZED>")]);
    await coach.command("end <@U_ZED|zed>");
    await coach.command("send <@U_ZED|zed>");
    expect(zed.newReplies().at(-1)).toMatch(/^Thank you for our session today/);
    await coach.command("end");
    await coach.command("send");
    expect(ann.newReplies().at(-1)).toMatch(/^Thank you for our session today, Ann/);
    expect(await world.db.prisma.coachingSession.count({ where: { phase: { not: "ended" } } })).toBe(0);
  });

  it("does not move another coach's client: it asks the client, tells their coach, and moves only on a yes", async () => {
    await world.db.prisma.coach.create({ data: { tenantId: (await clientRow("U_ANN"))!.tenantId, platformUserId: "U_COACH2", name: "Kim" } });
    // The coach has had more than Slack's burst of messages by now: theirs go out paced.
    await world.deliverPaced();
    ann.newReplies();
    coach.newReplies();
    await world.user("U_COACH2").command("enroll <@U_ANN|ann>");
    await world.deliverPaced();
    expect(messageText(world.user("U_COACH2").posted().at(-1)!)).toBe(say.transferAsked("<@U_ANN>", "Person U_COACH", "`/coach release`"));
    expect((await clientRow("U_ANN"))?.coach?.platformUserId).toBe("U_COACH");
    expect(ann.newReplies()).toEqual([expect.stringMatching(/^Kim would like to be your coach, instead of Person U_COACH\./)]);
    expect(coach.newReplies()).toEqual([expect.stringMatching(/^Kim has asked to coach Ann/)]);
    await ann.press("No, stay as I am");
    expect((await clientRow("U_ANN"))?.coach?.platformUserId).toBe("U_COACH");
    expect(ann.newReplies()).toEqual(["Okay, nothing has changed."]);
    coach.newReplies();
  });
});

describe("App Home", () => {
  const openHome = async (user: string, tab = "home") => {
    await world.send.event(
      { type: "app_home_opened", user, channel: `D${user.slice(1)}`, tab, event_ts: "1710000000.000001" },
      { eventId: `Ev_HOME_${user}_${tab}` },
    );
    await world.slack.idle();
    return world.api.homeViews.get(user);
  };
  const texts = (view: Record<string, unknown> | undefined) => ((view?.blocks as { text?: { text: string } }[]) ?? []).map((b) => b.text?.text ?? "");

  it("shows a coach their roster, flagged clients first", async () => {
    const view = await openHome("U_COACH");
    expect(view?.type).toBe("home");
    expect(texts(view)[0]).toBe(wording.home.coachHeader);
    expect(texts(view)[1]).toMatch(/^Your clients \(2\):\n {2}- Person U_ZED .*urgent\n {2}- Ann \(active\)/);
  });

  it("shows a client their stages, weekly goals with last week's % and their latest achievement", async () => {
    await ann.answerEverything();
    await ann.command("checkin");
    await ann.answerEverything({ percent: () => ann.answerInForm("70").then(() => undefined) });
    const view = await openHome("U_ANN");
    const shown = texts(view).join("\n");
    expect(texts(view)[0]).toBe(wording.home.clientHeader);
    expect(shown).toMatch(/Where you are, Ann:\n {2}Exercise: /);
    expect(shown).toMatch(/Your weekly goals, Ann:\n(.|\n)*walk 20 minutes after lunch on Monday, Wednesday and Friday \(last week: 70%\)/);
    const context = (view!.blocks as { type: string; elements?: { text: string }[] }[]).find((b) => b.type === "context");
    expect(context?.elements?.[0]?.text).toMatch(/^Last check-in \(\d{4}-W\d{2}\): 70% of what you planned\.$/);
  });

  it("publishes nothing when the Messages tab is opened", async () => {
    const calls = world.api.callsTo("views.publish").length;
    await openHome("U_EVE", "messages");
    expect(world.api.callsTo("views.publish")).toHaveLength(calls);
  });
});

describe("time zones", () => {
  it("takes a newcomer's time zone and name from their Slack profile, asking Slack only once", async () => {
    world.api.timezones.set("U_TOKYO", "Asia/Tokyo");
    const tokyo = world.user("U_TOKYO");
    await tokyo.dm("hi");
    // Their coach knows them by the name Slack shows (the stand-in's users.info), never by the user id.
    expect(await clientRow("U_TOKYO")).toMatchObject({ name: "Person U_TOKYO" });
    await tokyo.dm("Kenji");
    expect(await clientRow("U_TOKYO")).toMatchObject({ timezone: "Asia/Tokyo" });
    expect(world.api.callsTo("users.info").filter((c) => c.body.user === "U_TOKYO")).toHaveLength(1);
  });
});

describe("digest on demand", () => {
  it("/coach digest sends the coach their digest, with the roster's clients in it, to their DM", async () => {
    await coach.command("digest");
    // Paced: the coach has had more than Slack's burst of messages in this file.
    await world.deliverPaced();
    const replies = coach.newReplies();
    expect(replies.some((r) => /^Your coaching digest, /.test(r))).toBe(true);
    expect(replies).toContain(world.catalog.digest.onItsWay);
  });
});

describe("the coaching run as a whole", () => {
  it("registers a listed coach on their first DM too", async () => {
    await world.user("U_LEAD").dm("hello there");
    expect(await world.db.prisma.coach.count({ where: { platformUserId: "U_LEAD" } })).toBe(1);
  });

  it("logged no warnings or errors", () => {
    expect(world.logs.filter((line) => /"level":"(warn|error)"/.test(line))).toEqual([]);
  });
});
