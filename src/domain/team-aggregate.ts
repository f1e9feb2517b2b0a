// What a team channel may see of a team check-in. Members answer privately; the channel gets:
//   - how many answered, always;
//   - the average achievement and average mood, only once at least MIN_FOR_AVERAGES answered
//     (with one or two answers an average would be, or nearly be, someone's own answer);
//   - the answers of the members who chose to share theirs, and nobody else's, shown together
//     with the averages (below the threshold the channel sees the count and nothing more).
// Pure: no IO, no platform. An answer counts once it has both numbers; a row with a number
// missing is a draft (a reminder placeholder, or a form with a typo) and is not counted.

export const MIN_FOR_AVERAGES = 3;

export interface TeamAnswerFacts {
  /** Stable id of the member (their client id): used only to keep one answer per member. */
  memberId: string;
  /** The member's platform user id, so an adapter can name them its own way. */
  platformUserId: string;
  name: string | null;
  /** 0-100, or null when not (validly) given yet. */
  achievement: number | null;
  /** 0-10, or null when not (validly) given yet. */
  mood: number | null;
  note: string | null;
  shareWithTeam: boolean;
}

export interface SharedTeamAnswer {
  platformUserId: string;
  name: string | null;
  achievement: number;
  mood: number;
  note: string | null;
}

export interface TeamAggregate {
  /** Members whose answer is complete. */
  answered: number;
  /** Null below MIN_FOR_AVERAGES answers. */
  averages: { achievement: number; mood: number } | null;
  /** Only members who ticked "share with my team", and only once the averages are shown. */
  shared: SharedTeamAnswer[];
}

export function isCompleteAnswer(answer: Pick<TeamAnswerFacts, "achievement" | "mood">): answer is { achievement: number; mood: number } {
  return answer.achievement !== null && answer.mood !== null;
}

/** A team answer as the database holds it: the member's client id, and their platform id and name beside it. */
export type StoredTeamAnswer = Omit<TeamAnswerFacts, "memberId" | "platformUserId" | "name"> & {
  clientId: string;
  client: { platformUserId: string; name: string | null };
};

/** The aggregate of stored answers: the digest, the dashboard and the channel post read them alike. */
export function aggregateStoredAnswers(answers: readonly StoredTeamAnswer[]): TeamAggregate {
  return aggregateTeamAnswers(
    answers.map((a) => ({
      memberId: a.clientId,
      platformUserId: a.client.platformUserId,
      name: a.client.name,
      achievement: a.achievement,
      mood: a.mood,
      note: a.note,
      shareWithTeam: a.shareWithTeam,
    })),
  );
}

/**
 * The shareable summary of a team's answers, in the order given (one per member: a later
 * answer of the same member replaces the earlier one).
 */
export function aggregateTeamAnswers(answers: readonly TeamAnswerFacts[], minForAverages: number = MIN_FOR_AVERAGES): TeamAggregate {
  const latest = new Map<string, TeamAnswerFacts>();
  for (const answer of answers) {
    latest.delete(answer.memberId);
    latest.set(answer.memberId, answer);
  }
  const complete = [...latest.values()].filter(
    (a): a is TeamAnswerFacts & { achievement: number; mood: number } => isCompleteAnswer(a) && inRange(a.achievement, 0, 100) && inRange(a.mood, 0, 10),
  );
  const answered = complete.length;
  if (answered === 0 || answered < minForAverages) return { answered, averages: null, shared: [] };
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  return {
    answered,
    averages: {
      achievement: Math.round(mean(complete.map((a) => a.achievement))),
      mood: Math.round(mean(complete.map((a) => a.mood)) * 10) / 10,
    },
    shared: complete
      .filter((a) => a.shareWithTeam)
      .map((a) => ({ platformUserId: a.platformUserId, name: a.name, achievement: a.achievement, mood: a.mood, note: cleanNote(a.note) })),
  };
}

function inRange(value: number, min: number, max: number): boolean {
  return Number.isFinite(value) && value >= min && value <= max;
}

function cleanNote(note: string | null): string | null {
  const text = note?.replace(/\s+/g, " ").trim() ?? "";
  return text === "" ? null : text;
}
