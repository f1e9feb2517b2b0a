// What the Slack adapter itself says: slash-command mechanics, coach-command replies, the data
// export and deletion dialogue, and the App Home's own headings. Everything the coaching
// conversation says comes from flows/*.yaml through the machine.
// Values interpolated into mrkdwn texts are escaped by the callers (escapeMrkdwn).
export const wording = {
  onItInDm: "On it! I'll answer in our direct messages.",

  coachHelp: [
    "*Coach commands*",
    "`/coach enroll @person [area]`  invite someone as your client (they get a hello in their DMs)",
    "`/coach clients`  your clients, those with open flags first",
    "`/coach client @person`  the preparation view before a session",
    "`/coach session start @person [minutes]`  start a session with the phase guide (30 minutes unless you say)",
    "`/coach next`  ·  `/coach note <text>`  ·  `/coach goal <text>`  ·  `/coach end`  run the session; add `@person` when several are running",
    "Your clients use `/coach help` to see their own commands.",
  ].join("\n"),

  notACoach: (command: string) =>
    `Only coaches can use \`/coach ${command}\`. If you coach people here, ask whoever set up this bot to add you as a coach. Type \`/coach help\` for what you can do.`,
  needsPerson: (example: string) => `Please name the person with an @-mention, like this: \`/coach ${example}\``,
  unknownArea: (given: string, known: string) => `I don't know the area "${given}". You can choose: ${known}.`,
  enrolled: (person: string, area: string | null) =>
    `${person} is now your client. I've said hello in their direct messages${area ? ` and suggested starting with ${area}` : ""}.`,
  reassigned: (person: string) => `${person} was already being coached here. They are now your client, and everything they shared so far stays.`,
  invited: (coach: string, area: string | null) =>
    `Hi! ${coach} has invited you to coaching with me${area ? `, and suggests starting with ${area}` : ""}. It's all private to you and your coach.`,
  notYourClient: (person: string) => `${person} isn't one of your clients yet. You can enroll them with \`/coach enroll ${person}\`.`,
  noSession: "No session is running with any of your clients. Start one with `/coach session start @person [minutes]`.",
  severalSessions: (people: string) => `You have sessions running with ${people}. Add who you mean, for example \`/coach next @person\`.`,
  sessionUsage: "Try `/coach session start @person [minutes]`, then `/coach next`, `/coach note <text>`, `/coach goal <text>` and `/coach end`.",

  noData: "I don't hold any coaching data about you, so there is nothing to export or delete.",
  exportReady: "Here is a copy of everything I hold about you, as a JSON file.",
  exportFailed: "Sorry, I couldn't send your file just now. Please try `/coach export` again in a little while.",
  deleteQuestion:
    "Do you want me to delete everything I hold about you: your answers, goals, check-ins and notes? This cannot be undone, and your coach will no longer see your progress.",
  deleteButton: "Delete my data",
  keepButton: "Keep my data",
  deleted: "Done: everything I held about you has been deleted. If you'd like to start again one day, just say hi.",
  kept: "Nothing was deleted. Your data stays as it was.",
  alreadyDeleted: "There was nothing left to delete: your data is already gone.",

  installedWelcome: (team: string) =>
    `Thanks for adding me to ${team}! You are a coach here. Type \`/coach help\` to see what you can do, starting with \`/coach enroll @person\`.`,
  installedPage: (team: string) => `The coaching bot is now installed in ${team}. You can close this page and open Slack.`,

  home: {
    welcome: "Hello! I'm a coaching companion. Say hi in the *Messages* tab to get started.",
    coachHeader: "Your clients",
    clientHeader: "Your progress",
    achievement: (percent: number, week: string) => `Last check-in (${week}): ${percent}% of what you planned.`,
    noAchievement: "No check-in results yet: they'll show here after your first weekly check-in.",
  },
} as const;
