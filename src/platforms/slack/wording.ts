// What the Slack adapter itself says: slash-command mechanics, who may use coach commands here,
// a failed upload, installs, and the App Home's own headings. Command outcomes are the same on
// every platform (src/interactions/wording.ts); the coaching conversation comes from flows/*.yaml.
export const wording = {
  onItInDm: "On it! I'll answer in our direct messages.",

  notACoach: (command: string) =>
    `Only coaches can use \`/coach ${command}\`. If you coach people here, ask whoever set up this bot to add you as a coach. Type \`/coach help\` for what you can do.`,
  exportFailed: "Sorry, I couldn't send your file just now. Please try `/coach export` again in a little while.",

  installedWelcome: (team: string) =>
    `Thanks for adding me to ${team}! You are a coach here. Type \`/coach help\` to see what you can do, starting with \`/coach enroll @person\`.`,
  reinstalledWelcome: (team: string) =>
    `Thanks for updating me in ${team}. I was already set up there, so its coaches stay as they were and installing doesn't make you one. If you coach people here, ask whoever runs the bot to add you as a coach.`,
  installedPage: (team: string) => `The coaching bot is now installed in ${team}. You can close this page and open Slack.`,

  // Team check-ins: the buttons' captions (modal buttons at most 24 characters); everything else
  // they say is flows/team_checkin.yaml.
  team: { answerButton: "Answer privately", send: "Send", cancel: "Cancel" },

  home: {
    welcome: "Hello! I'm a coaching companion. Say hi in the *Messages* tab to get started.",
    coachHeader: "Your clients",
    clientHeader: "Your progress",
    achievement: (percent: number, week: string) => `Last check-in (${week}): ${percent}% of what you planned.`,
    noAchievement: "No check-in results yet: they'll show here after your first weekly check-in.",
  },
} as const;
