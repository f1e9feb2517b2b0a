// Open flags over time: how old a flag is, in words a coach reads at a glance, and which
// referral concerns hold back goals in an area until the coach resolves them.
import type { ReferralConcern } from "./assessment.js";

/** What a flag is about; the digest names each in flows/digest.yaml (flagKinds). */
export const FLAG_KINDS = ["crisis", "medical_emergency", "referral", "assessment_gap", "challenge", "relapse"] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "under an hour", "5 hours", "3 days": how long a flag has been open at `now`. */
export function flagAge(raisedAt: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - raisedAt.getTime());
  if (ms < HOUR) return "under an hour";
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    return hours === 1 ? "1 hour" : `${hours} hours`;
  }
  const days = Math.floor(ms / DAY);
  return days === 1 ? "1 day" : `${days} days`;
}

/**
 * A concern that needs a professional's word before coaching goes on in an area: a possible
 * medical limit on exercise waits for a physician's release before any exercise goal.
 * Other referral concerns are talked through with the client and do not stop goals.
 */
export const REFERRAL_PAUSES: Partial<Record<ReferralConcern, string>> = {
  exercise_contraindication: "exercise",
};

/** How long an urgent flag may stay unacknowledged before it is sent again (and to the fallback). */
export const URGENT_ACK_WINDOW_MS = HOUR;
