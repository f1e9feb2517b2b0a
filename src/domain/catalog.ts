// Everything the bot says and asks, as loaded and validated from flows/*.yaml.
import type { ConversationScript } from "./script.js";
import type { Stage } from "./stages.js";

export interface BehaviorDomainDef {
  key: string;
  label: string;
  /** The behavior that counts as "doing it", phrased to follow "do you ...". */
  criterion: string;
}

export const SCRIPT_IDS = ["onboarding", "checkin"] as const;
export type ScriptId = (typeof SCRIPT_IDS)[number];

export interface CoachMessages {
  stageNames: Record<Stage, string>;
  /** Said once a client has been staged: tone and first suggestion fit the stage. */
  stageIntro: Record<Stage, string>;
  welcomeBack: string;
  help: string;
  unknownCommand: string;
  nothingOpen: string;
  staleAnswer: string;
  onboardingAlreadyDone: string;
  checkinAlreadyOpen: string;
  checkinDone: string;
  status: { header: string; domainLine: string; empty: string };
  answerProblems: { empty: string; notAChoice: string; outOfRange: string; notAPercent: string };
}

export interface Catalog {
  domains: BehaviorDomainDef[];
  scripts: Record<ScriptId, ConversationScript>;
  messages: CoachMessages;
}

export function findDomain(catalog: Catalog, key: string): BehaviorDomainDef | undefined {
  return catalog.domains.find((d) => d.key === key);
}
