// The "Answer privately" button of a team check-in: on the channel post, on a reminder DM, and
// under the note after a typo. Its value is the check-in id; pressing it opens the private form.
import type { types } from "@slack/bolt";
import { wording } from "./wording.js";

export const TEAM_ANSWER_ACTION = "coach.team.answer";

export function answerPrivatelyBlock(checkInId: string, blockId = "team.answer"): types.ActionsBlock {
  return {
    type: "actions",
    block_id: blockId,
    elements: [
      { type: "button", action_id: TEAM_ANSWER_ACTION, style: "primary", value: checkInId, text: { type: "plain_text", text: wording.team.answerButton } },
    ],
  };
}
