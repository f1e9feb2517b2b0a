// What a team check-in says, as tests expect it: the words of flows/team_checkin.yaml filled in,
// with the markup each platform adds (Discord: **bold** and "> " quotes; Slack: *bold*).
import type { TeamCheckInTexts } from "../../../src/domain/catalog.js";
import { fillTemplate as fill } from "../../../src/domain/script.js";
import { loadCatalog } from "../../../src/flows/loader.js";

export const teamTexts: TeamCheckInTexts = loadCatalog().team;

export function teamWording(bold: (text: string) => string, answerButton: string) {
  const t = teamTexts;
  return {
    answerButton,
    postHeader: (team: string, period: string) => bold(fill(t.post.header, { team, period })),
    postBody: fill(t.post.body, { needed: 3 }),
    answeredSoFar: (count: number, needed: number) => bold(fill(t.post.answeredSoFar, { count, needed })),
    summary: (count: number, achievement: number, mood: number) => bold(fill(t.post.summary, { count, achievement, mood })),
    sharedHeader: t.post.sharedHeader,
    sharedLine: (who: string, achievement: number, mood: number, note: string | null) =>
      `> ${note ? fill(t.post.sharedLineWithNote, { who, achievement, mood, note }) : fill(t.post.sharedLine, { who, achievement, mood })}`,
    saved: (achievement: number, mood: number, shared: boolean, updated: boolean) =>
      fill(updated ? t.replies.updated : t.replies.saved, { achievement, mood, shared: shared ? t.replies.shared : t.replies.keptPrivate }),
    invalid: (fields: string[]) => fill(t.replies.invalid, { fields: fields.join(" and ") }),
    fieldNames: { achievement: t.form.achievement.name, mood: t.form.mood.name },
    unknownCheckIn: t.replies.unknownCheckIn,
  };
}
