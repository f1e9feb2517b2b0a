// What a team check-in post says, in plain words from flows/team_checkin.yaml, the same on every
// platform: the header, the question, then what the team may see so far (nothing before the
// first answer; the count alone below MIN_FOR_AVERAGES; then averages and shared answers).
// Adapters add only their markup (bold, quotes) and their way of naming a member.
import type { TeamCheckInTexts } from "../domain/catalog.js";
import { fillTemplate } from "../domain/script.js";
import { MIN_FOR_AVERAGES, type SharedTeamAnswer, type TeamAggregate } from "../domain/team-aggregate.js";
import type { TeamCheckInPost } from "./channel.js";

export interface TeamPostText {
  header: string;
  body: string;
  /** The count line, or the summary line; empty before the first answer. */
  standing: string | null;
  /** Set once averages show and someone shared: the heading, then one line per shared answer. */
  shared: { header: string; lines: string[] } | null;
}

export function teamPostText(
  post: Pick<TeamCheckInPost, "teamName" | "period" | "aggregate">,
  texts: TeamCheckInTexts,
  /**
   * How the platform names a member who shared (a mention, a name) and fits their note, both
   * ready to show; `escapeText` makes the flow's words and the team's name safe in its markup.
   */
  show: { who(answer: SharedTeamAnswer): string; note(note: string): string; escapeText?(text: string): string },
): TeamPostText {
  const escapeText = show.escapeText ?? ((text: string) => text);
  const t = Object.fromEntries(Object.entries(texts.post).map(([key, text]) => [key, escapeText(text)])) as TeamCheckInTexts["post"];
  const a: TeamAggregate = post.aggregate;
  const needed = MIN_FOR_AVERAGES;
  const standing =
    a.answered === 0
      ? null
      : a.averages
        ? fillTemplate(t.summary, { count: a.answered, achievement: a.averages.achievement, mood: a.averages.mood })
        : fillTemplate(t.answeredSoFar, { count: a.answered, needed });
  const shared =
    a.averages && a.shared.length > 0
      ? {
          header: t.sharedHeader,
          lines: a.shared.map((s) =>
            s.note === null
              ? fillTemplate(t.sharedLine, { who: show.who(s), achievement: s.achievement, mood: s.mood })
              : fillTemplate(t.sharedLineWithNote, { who: show.who(s), achievement: s.achievement, mood: s.mood, note: show.note(s.note) }),
          ),
        }
      : null;
  return {
    header: fillTemplate(t.header, { team: escapeText(post.teamName), period: post.period }),
    body: fillTemplate(t.body, { needed }),
    standing,
    shared,
  };
}
