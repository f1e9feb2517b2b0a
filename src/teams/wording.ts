// What the team service itself says, through the outbox: the one reminder a member gets and the
// note to a coach whose team channel cannot be reached. Adapters word the channel post and the
// form themselves (src/platforms/<name>/...); these texts are platform-neutral.
// TODO(flows): move to flows/messages.yaml once the flow schema has a "teams" section.
import { fillTemplate } from "../domain/script.js";

export const teamWording = {
  reminder: (vars: { team: string; period: string }) =>
    fillTemplate(
      "A gentle reminder: your team {team} has its check-in open for {period}. It takes a minute, and your answer stays private unless you choose to share it.",
      vars,
    ),
  channelUnreachable: (vars: { team: string; reason: string }) =>
    fillTemplate(
      "I can't post in the channel of team {team} any more ({reason}). Team check-ins for {team} stop until the channel is linked again: give me access to it, then run /coach team link there.",
      vars,
    ),
} as const;
