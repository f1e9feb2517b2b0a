// What the bot says about commands themselves, the same on every platform: usage mistakes,
// coach-command outcomes, personal data, team-channel set-up. `who` values are already shown the
// platform's way (PlatformVoice.mention); `cmd` values are commands written the platform's way.
// Everything said inside a coaching conversation comes from flows/*.yaml through the machine.
export const wording = {
  unknownCommand: (cmd: string) => `Sorry, I don't know that command. Try ${cmd}.`,
  missingOption: (option: string, usage: string) => `Please add the ${option}, like this: ${usage}`,
  invalidOption: (option: string, usage: string) => `I couldn't read the ${option}. Like this: ${usage}`,
  somethingWrong: "Sorry, something went wrong on my side and nothing was saved. Please try that again in a moment.",

  notYourClient: (who: string, enroll: string) => `${who} isn't one of your clients yet. You can enroll them with ${enroll}.`,
  notABot: "Bots can't be coached.",
  unknownArea: (given: string, known: string) => `I don't know the area "${given}". You can choose: ${known}.`,

  // Enrollment: the invitation reaches the person through the outbox, before the bot's greeting.
  invited: (coach: string, area: string | null) =>
    `Hi! ${coach} has invited you to coaching with me${area ? `, and suggests starting with ${area}: you can choose it when I ask which area you'd like to focus on` : ""}. It's all private to you and your coach.`,
  suggested: (coach: string, area: string) =>
    `${coach}, your coach, suggests starting with ${area}. You can choose it when I ask which area you'd like to focus on.`,
  enrolled: (who: string, area: string | null) =>
    `${who} is now your client. I've said hello in their direct messages${area ? ` and suggested starting with ${area}` : ""}.`,
  reenrolled: (who: string, previous: string | null) =>
    previous
      ? `${who} is now your client (they were coached by ${previous}); their data stays with them.`
      : `${who} is now your client; their data stays with them.`,
  // Someone another coach coaches: they and their coach are asked; nothing moves before one agrees.
  transferAsked: (who: string, current: string | null, release: string) =>
    current
      ? `${who} is coached by ${current}. I've asked ${who} whether they'd like to move to you, and told ${current}, who can hand them over with ${release}. Until one of them agrees, you see nothing of ${who}.`
      : `${who} already talks with me. I've asked them whether they'd like you as their coach; until they agree, you see nothing of them.`,
  transferPending: (who: string) => `You've already asked to coach ${who}; they haven't answered yet, and nothing has changed.`,
  transferOtherPending: (who: string) => `Another coach has already asked to coach ${who}. I can ask again once that is settled.`,
  released: (who: string, to: string) => `Done: ${who} is now coached by ${to}. They and ${to} have been told, and you no longer see their data.`,
  nothingToRelease: (who: string) => `Nobody has asked to coach ${who}, so there is nothing to release; they stay your client.`,
  enrollDmClosed: (who: string) => `${who} is now your client, but I couldn't send them a direct message. Ask them to allow direct messages from the bot.`,

  // The web dashboard: the link is a key, so it only ever goes to the coach, privately.
  dashboardLink: (url: string) => `Here is your dashboard link. It works once, within 15 minutes, and only for you, so please don't share it:\n${url}`,
  dashboardUnavailable: "The web dashboard isn't running on this installation. Ask whoever runs the bot to set PUBLIC_URL and open its port.",

  // Re-staging an area of a client.
  unknownStage: (given: string) => `I don't know the stage "${given}". You can choose: precontemplation, contemplation, preparation, action, maintenance.`,
  stageSet: (who: string, area: string, stage: string) => `${area} for ${who} is now at ${stage}. I've told them, and kept your reason with the change.`,

  // Sessions: which client a step is about.
  noSession: (start: string) => `No session is running with any of your clients. Start one with ${start}.`,
  severalSessions: (people: string, example: string) => `You have sessions running with ${people}. Say which one you mean, for example ${example}.`,
  sessionWith: (who: string) => `(Session with ${who}.)`,
  sessionUsage: (start: string, steps: string) => `Try ${start}, then ${steps}.`,
  guideSent: "I've sent the session guide to our direct messages.",
  guideDmClosed: "I couldn't send you a direct message. Please allow direct messages from the bot, then try again.",

  // Personal data: the person's own, or a coach's own client's.
  noData: (who: string | null) => (who ? `I hold no data about ${who}.` : "I don't hold any coaching data about you, so there is nothing to export or delete."),
  exportReady: (who: string | null) =>
    who
      ? `Here is everything I hold about ${who}, your session notes included, as a JSON file.`
      : "Here is a copy of everything I hold about you, as a JSON file. Your coach's private working notes (session notes, their reasons for changing your stage) stay with them; what they shared with you is in it.",
  deleteQuestion: (who: string | null) =>
    who
      ? `This deletes everything I hold about ${who}: answers, goals, notes and messages. It cannot be undone. Are you sure?`
      : "Do you want me to delete everything I hold about you: your answers, goals, check-ins and notes? This cannot be undone, and your coach will no longer see your progress.",
  deleteButton: "Delete everything",
  keepButton: "Keep the data",
  deleted: "Done: the data is deleted.",
  kept: "Nothing was deleted. The data stays as it was.",
  alreadyDeleted: "There was nothing left to delete: the data is already gone.",
  notYours: "Only the person themself or their coach can decide about this data.",

  // Team channels.
  team: {
    linked: (channel: string, team: string) =>
      `Linked ${channel} to team ${team}, with you as its coach. The weekly team check-in will be posted there; members answer privately.`,
    linkAnnouncement: (team: string) =>
      `This channel is now linked to team ${team}. Each week I'll post a short team check-in here. Answers are private: the channel sees only how many answered, the team's averages once 3 or more have, and what each person chooses to share.`,
    cannotPost: (channel: string, reason: string) =>
      `I linked ${channel}, but I can't post there (${reason}). Give me access to it (view the channel, send messages), then run this command again.`,
    notATeam: (channel: string, link: string) => `${channel} isn't linked to a team yet. Link it with ${link}.`,
    noChannel: "Team check-ins are not available on this platform.",
    checkInPosted: (channel: string, period: string) => `Posted the team check-in for ${period} in ${channel}.`,
    checkInAlreadyPosted: (channel: string, period: string) => `The team check-in for ${period} is already posted in ${channel}.`,
    checkInUnreachable: (channel: string, reason: string, link: string) =>
      `I can't post in ${channel} (${reason}). Give me access to it, then link it again with ${link}.`,
    checkInBusy: "That check-in is being posted right now.",
    reminded: (count: number) =>
      count === 0 ? "Nobody to remind: everyone has answered or was reminded already." : `Reminded ${count} member${count === 1 ? "" : "s"} by direct message.`,
  },

  // Flags: a coach acknowledges and resolves their own clients' flags, red flags first.
  flags: {
    none: "None of your clients has an open flag.",
    header: (count: number) => `Open flags (${count}), red flags first:`,
    line: (f: { number: number; who: string; kind: string; red: boolean; age: string; acknowledged: boolean; detail: string }) =>
      `  ${f.red ? "!" : "-"} flag ${f.number}: ${f.who}, ${f.kind}, open ${f.age}${f.acknowledged ? " (acknowledged)" : ""}: ${f.detail}`,
    suggested: (approach: string) => `      Suggested: ${approach}`,
    howTo: (ack: string, resolve: string) => `Acknowledge one with ${ack}; resolve it, with a note of what was done, with ${resolve}.`,
    notFound: (n: number, list: string) => `None of your clients has a flag ${n}. ${list} shows your clients' open flags.`,
    acknowledged: (n: number, who: string) => `Flag ${n} about ${who} is acknowledged: it won't be sent again. Resolve it with a note once it's dealt with.`,
    alreadyAcknowledged: (n: number) => `Flag ${n} was already acknowledged.`,
    resolved: (n: number, who: string) => `Flag ${n} about ${who} is resolved, with your note.`,
    goalsResumed: (who: string, area: string) => `${who}'s ${area} goals were on hold for it: they are back in their check-ins, and I've told them kindly.`,
    alreadyResolved: (n: number) => `Flag ${n} was already resolved.`,
  },
  schedules: {
    checkins: (day: string, time: string, zone: string, quiet: string | null, next: string) =>
      `Your check-ins come on ${day}s at ${time} (${zone}). ${quiet ? `Quiet hours: ${quiet}, when I send nothing.` : "No quiet hours set."} The next one: ${next}.`,
    checkinsHow: (command: string) =>
      `To change them: ${command} friday 18:00 (day and time), ${command} timezone Europe/London, ${command} quiet 22:00-07:00, or ${command} quiet off.`,
    checkinsNotUnderstood: (typed: string, command: string) =>
      `I couldn't read "${typed}" as a day and time, a time zone or quiet hours, so nothing changed. ${command} friday 18:00, ${command} timezone Europe/London and ${command} quiet 22:00-07:00 all work.`,
    notEnrolled: "You aren't in a coaching program here yet, so there are no check-ins to set. Say hello to start one.",
    digest: (cadence: string, time: string, zone: string, next: string) => `Your digest comes ${cadence} at ${time} (${zone}). The next one: ${next}.`,
    digestHow: (command: string) => `To change it: ${command} daily 08:00, or ${command} weekly monday 08:00 Europe/London (the time zone is optional).`,
    digestNotUnderstood: (typed: string, command: string) =>
      `I couldn't read "${typed}" as a digest schedule, so nothing changed. Try ${command} daily 08:00 or ${command} weekly monday 08:00 Europe/London.`,
  },

  help: {
    client: "Your coaching commands:",
    coach: "Coach commands:",
  },
} as const;
