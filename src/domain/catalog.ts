// Everything the bot says and asks, and the coaching rules coaches may tune, as loaded and
// validated from flows/*.yaml.
import type { AssessmentThresholds, ReferralConcern } from "./assessment.js";
import { CHALLENGE_KINDS, type ChallengeKind, type ChallengeThresholds } from "./challenges.js";
import type { FlagKind } from "./flags.js";
import type { SafetyConcern, SafetyLexicon } from "./safety.js";
import { countryOfZone } from "./schedule.js";
import type { ConversationScript } from "./script.js";
import type { SessionPhase } from "./session-plan.js";
import type { SmartPart } from "./smart-goal.js";
import { isStage, type Stage } from "./stages.js";

export interface BehaviorDomainDef {
  key: string;
  label: string;
  /** The behavior that counts as "doing it", phrased to follow "do you ...". */
  criterion: string;
}

export const SCRIPT_IDS = ["onboarding", "assessment", "goal_setting", "checkin", "restage", "vision", "goal_review", "program_review"] as const;
export type ScriptId = (typeof SCRIPT_IDS)[number];

export const MESSAGE_KEYS = [
  "welcomeBack",
  "help",
  "unknownCommand",
  "nothingOpen",
  "staleAnswer",
  "onboardingAlreadyDone",
  "checkinAlreadyOpen",
  "checkinDone",
  "assessmentOffer",
  "assessmentDone",
  "changeWhich",
  "changeNothing",
  "changeSaved",
  "continueNothing",
  "goalLimit",
  "goalSet",
  "goalsHeader",
  "goalsLine",
  "goalsLast",
  "goalsEmpty",
  "threeMonthHeader",
  "smartNudge",
  "weekSummaryHeader",
  "weekSummaryGoal",
  "weekSummaryNoGoals",
  "lapseReflection",
  "relapseCoachNote",
  "relapseReply",
  "maintenanceReached",
  "visionSaved",
  "reviewDone",
  "programRefreshed",
  "programClosed",
  "programClosedReply",
  "checkinClosed",
  "paused",
  "pausedUntil",
  "resumed",
  "notPaused",
  "badPauseDate",
  "pastPauseDate",
  "todayPauseDate",
  "unreachableCoachNote",
  "checkinReminder",
  "teamReminder",
  "teamChannelUnreachable",
  "sessionReminder",
  "answerTooLong",
  "referralHold",
  "referralCleared",
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

/** What the bot says when an area's stage moves (flows/messages.yaml, `stages:`). */
export const STAGE_MESSAGE_KEYS = [
  "firstStep",
  "actionConfirmed",
  "actionNotYet",
  "restaged",
  "restagedSame",
  "restageNothing",
  "coachRestaged",
  "goalsRetired",
] as const;

/** What the program says about conversations over time: queued, set aside, flows changed, after a hold, after weeks without an answer. */
export const PROGRAM_MESSAGE_KEYS = ["queued", "queuedIntro", "setAside", "flowChanged", "welcomedBack", "returning", "restartWith", "restartNone"] as const;
export type ProgramMessages = Record<(typeof PROGRAM_MESSAGE_KEYS)[number], string> & {
  /** What each conversation is called in these messages ("weekly check-in"). */
  scripts: Record<ScriptId, string>;
};

/** Who may start coaching, what a client's coach sees, and moving a client to another coach. */
export const ENROLMENT_KEYS = [
  "invitationOnly",
  "coachWrote",
  "strangerConcern",
  "openEnrolmentCoachNote",
  "privacy",
  "transferQuestion",
  "transferQuestionNoCoach",
  "transferYes",
  "transferNo",
  "transferStale",
  "transferMovedClient",
  "transferOldCoachTold",
  "transferMovedOldCoach",
  "transferMovedNewCoach",
  "transferDeclinedClient",
  "transferDeclinedNewCoach",
  "transferDeclinedOldCoach",
  "transferAskedOldCoach",
  "transferReleasedClient",
] as const;
export type EnrolmentKey = (typeof ENROLMENT_KEYS)[number];

export type CoachMessages = Record<MessageKey, string> & {
  stages: Record<(typeof STAGE_MESSAGE_KEYS)[number], string>;
  /** Every wording of a message that has several; the plain key holds the first. */
  variants: Partial<Record<MessageKey, string[]>>;
  stageNames: Record<Stage, string>;
  /** Said once a client has been staged: tone and first suggestion fit the stage. */
  stageIntro: Record<Stage, string>;
  smartParts: Record<SmartPart, string>;
  status: { header: string; domainLine: string; empty: string; paused: string; pausedUntil: string };
  answerProblems: { empty: string; notAChoice: string; outOfRange: string; notAPercent: string; notATime: string; nameTooLong: string; unsure: string };
  /** Checking an unclear reply: {answer} is the reading offered. */
  confirm: { one: string; which: string; yes: string; no: string; neither: string };
  /** Said when a client declines a question that needs an answer; what happens next is the program's. */
  declined: Record<"skip" | "not_now" | "cant" | "wont", string>;
  program: ProgramMessages;
  enrolment: Record<EnrolmentKey, string>;
};

export const SAFETY_TEXT_KEYS = [
  "crisis",
  "medical",
  "pauseConversation",
  "pauseCoaching",
  "greetingWithoutName",
  "unnamedClient",
  "holdReminder",
  "continueHint",
  "continued",
  "coachCrisisAlert",
  "coachMedicalAlert",
  "coachAlertAgain",
  "fallbackAlert",
] as const;

export interface SafetyCatalog {
  lexicon: SafetyLexicon;
  responses: Record<(typeof SAFETY_TEXT_KEYS)[number], string>;
  /** Crisis resources by locale; "default" always exists. */
  resources: Record<string, string[]>;
  /** Emergency-services resources for a medical emergency, by locale; "default" always exists. */
  emergencyResources: Record<string, string[]>;
}

export interface CoachingRules {
  limits: { weeklyGoals: number; threeMonthGoals: number };
  lapse: { lowWeekPercent: number; relapseReports: number };
  /** Evidence that moves a stage forward (see src/machines/stage.machine.ts). */
  progress: { criterionWeekPercent: number; criterionWeeks: number };
  assessment: AssessmentThresholds;
  challenges: ChallengeThresholds;
  challengeApproaches: Record<ChallengeKind | "assessment_gap_not_ready" | "assessment_gap_low_confidence", string>;
  referralSteps: Record<ReferralConcern, string>;
}

export const SESSION_MESSAGE_KEYS = [
  "started",
  "phaseGuide",
  "noteSaved",
  "goalSaved",
  "goalLimit",
  "notRunning",
  "alreadyRunning",
  "ended",
  "clientSummary",
  "clientSummaryGoal",
  "clientSummaryNoGoals",
  "clientSummaryNotes",
  "shareSaved",
  "preview",
] as const;

export const PREPARATION_KEYS = [
  "header",
  "stages",
  "stageLine",
  "focusMark",
  "checkins",
  "checkinLine",
  "noCheckins",
  "trend",
  "noTrend",
  "flags",
  "flagLine",
  "flagApproach",
  "noFlags",
  "goals",
  "goalLine",
  "noGoals",
] as const;
export const DESK_KEYS = ["help", "unknown", "badLength", "needsText", "scheduled", "badSchedule"] as const;
export const ROSTER_KEYS = [
  "header",
  "line",
  "oneFlag",
  "flags",
  "urgent",
  "notStaged",
  "empty",
  "onHold",
  "paused",
  "active",
  "onboarding",
  "closed",
  "unreachable",
  "goalActive",
  "goalDone",
  "goalDropped",
] as const;

export interface SessionGuide {
  phases: Record<SessionPhase, { label: string; checklist: string[] }>;
  messages: Record<(typeof SESSION_MESSAGE_KEYS)[number], string>;
  preparation: Record<(typeof PREPARATION_KEYS)[number], string>;
  desk: Record<(typeof DESK_KEYS)[number], string>;
  roster: Record<(typeof ROSTER_KEYS)[number], string>;
}

export const DIGEST_KEYS = [
  "header",
  "redFlags",
  "redFlagLine",
  "zonedTime",
  "noRedFlags",
  "attention",
  "attentionLine",
  "stageChanges",
  "stageChangeLine",
  "answered",
  "silent",
  "achievement",
  "achievementLine",
  "noAchievement",
  "trendUp",
  "trendDown",
  "trendFlat",
  "sessions",
  "noSessions",
  "chartTitle",
  "empty",
  "teamLine",
  "teams",
  "teamAverage",
  "onItsWay",
  "flagAge",
  "paused",
  "pausedUntil",
  "pausedForSafety",
  "notDue",
  "notStarted",
  "notStartedLine",
  "unnamedClient",
] as const;
export type DigestTexts = Record<(typeof DIGEST_KEYS)[number], string> & {
  /** How the digest names each kind of flag ("Crisis"), and each coaching challenge ("Check-ins missed"). */
  flagKinds: Record<FlagKind, string>;
  challengeKinds: Record<ChallengeKind, string>;
  /** How a referral flag names its concern ("a possible medical limit on exercise"). */
  referralConcerns: Record<ReferralConcern, string>;
};

export const TEAM_POST_KEYS = ["header", "body", "answeredSoFar", "summary", "sharedHeader", "sharedLine", "sharedLineWithNote"] as const;
export const TEAM_REPLY_KEYS = ["saved", "updated", "shared", "keptPrivate", "invalid", "unknownCheckIn"] as const;
export const TEAM_QUESTION_KEYS = ["achievement", "mood", "note", "share"] as const;
export type TeamQuestionKey = (typeof TEAM_QUESTION_KEYS)[number];

/** One question of the team check-in form; `name` is how a reply refers to it ("your mood"). */
export interface TeamQuestion {
  name: string;
  label: string;
  hint?: string;
  placeholder?: string;
}

/** The team check-in's wording (flows/team_checkin.yaml): the channel post, the private form, the replies. */
export interface TeamCheckInTexts {
  post: Record<(typeof TEAM_POST_KEYS)[number], string>;
  form: { title: string } & Record<Exclude<TeamQuestionKey, "share">, TeamQuestion> & { share: TeamQuestion & { no: string; yes: string } };
  replies: Record<(typeof TEAM_REPLY_KEYS)[number], string>;
}

export interface Catalog {
  team: TeamCheckInTexts;
  domains: BehaviorDomainDef[];
  scripts: Record<ScriptId, ConversationScript>;
  messages: CoachMessages;
  safety: SafetyCatalog;
  rules: CoachingRules;
  session: SessionGuide;
  digest: DigestTexts;
  /** flows/program.yaml: what the program says about goals, declining them, focus and time. */
  program: ProgramTexts;
}

export const PROGRAM_TEXT_KEYS = {
  precontemplationIntro: ["cant", "wont"],
  noGoal: ["outOfReach", "declined"],
  goals: ["header", "line", "area", "hint", "done", "dropped", "unknownGoal", "badAction", "busy", "limit", "allKept", "replaced", "stepDone"],
  focus: ["changed", "notStagedYet", "same", "unknown", "usage"],
  vision: ["later", "carryOn"],
  elapsed: ["fewDays", "oneWeek", "weeks", "months"],
} as const;
type Keys = typeof PROGRAM_TEXT_KEYS;
export type ProgramTexts = { [G in keyof Keys]: Record<Keys[G][number], string> };

export function findDomain(catalog: Catalog, key: string): BehaviorDomainDef | undefined {
  return catalog.domains.find((d) => d.key === key);
}

/** A stage in the catalog's words ("getting ready"), wherever a coach reads it; an unknown one as stored. */
export function stageName(catalog: Catalog, stage: string): string {
  return isStage(stage) ? catalog.messages.stageNames[stage] : stage;
}

/** An area by its label ("Exercise"); an unknown one (older data) as stored. */
export function areaName(catalog: Catalog, domain: string): string {
  return findDomain(catalog, domain)?.label ?? domain;
}

/**
 * A flag kind in the catalog's words (flows/digest.yaml, flagKinds), wherever a coach reads it;
 * an unknown kind (older data) as stored, made readable.
 */
export function flagKindName(catalog: Catalog, kind: string): string {
  return catalog.digest.flagKinds[kind as FlagKind] ?? kind.replace(/_/g, " ");
}

/** A challenge flag's detail is the challenge it is about ("missed checkins"): shown in the catalog's words (challengeKinds). */
export function flagDetail(catalog: Catalog, flag: { kind: string; detail: string }): string {
  if (flag.kind !== "challenge") return flag.detail;
  const challenge = CHALLENGE_KINDS.find((k) => k.replace(/_/g, " ") === flag.detail);
  return challenge ? catalog.digest.challengeKinds[challenge] : flag.detail;
}

/**
 * Where to get help with this concern: a crisis line for a crisis, emergency services for a
 * medical emergency, for someone whose clocks follow `timezone`. The list of the zone's country
 * (a key whose region is that country, "en-GB"; `locale`'s own first when several share it);
 * when the zone names a country with no list, the generic international one, since another
 * country's numbers would be wrong there; when it names none (UTC, the default), the list of
 * `locale` (LOCALE), else the generic one. A crisis and a medical emergency are chosen alike,
 * so both name the same country's numbers.
 */
export function safetyResources(catalog: Catalog, concern: SafetyConcern, where: { timezone?: string; locale: string }): string[] {
  const byLocale = concern === "medical" ? catalog.safety.emergencyResources : catalog.safety.resources;
  const country = where.timezone ? countryOfZone(where.timezone) : null;
  if (country === null) return byLocale[where.locale] ?? byLocale.default!;
  const ofCountry = Object.keys(byLocale).filter((key) => regionOf(key) === country);
  const language = (key: string) => key.split("-")[0];
  const chosen = ofCountry.find((key) => key === where.locale) ?? ofCountry.find((key) => language(key) === language(where.locale)) ?? ofCountry[0];
  return byLocale[chosen ?? "default"]!;
}

/** The country of a locale key ("en-GB": "GB"); none for "default". */
function regionOf(key: string): string | undefined {
  return /-([a-z]{2})$/i.exec(key)?.[1]?.toUpperCase();
}
