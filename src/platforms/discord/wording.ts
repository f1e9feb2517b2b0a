// What the Discord adapter itself says: button captions and the short private (ephemeral)
// notes it shows on its own. Everything about coaching comes from the machine via flows/*.yaml;
// these words only explain Discord mechanics, so they live with the adapter, in one place.
export const wording = {
  answerButton: "Answer",
  skipButton: "Skip",
  formTitle: "Your answer",
  formLabel: {
    percent: "Percent (0 to 100)",
    text: "Your answer",
    optionalText: "Your answer (optional)",
    number: "A whole number",
  },
  selectPlaceholder: (first: number, last: number, total: number) => (total > 25 ? `Choose (options ${first}-${last})` : "Choose one"),
  replyHint: "You can also just reply here.",
  typedChoiceHint: "Reply with the number of your answer.",
  typedAnswerHint: "Reply here with your answer.",
  answered: (answer: string) => `**Your answer:** ${answer}`,
  skipped: "(skipped)",
  repliedInDm: "I've replied in our direct messages.",
  dmClosed: "I couldn't send you a direct message. Please allow direct messages from this server's members (Privacy Settings), then try again.",
  notAPercent: "That doesn't look like a percentage. Please enter a whole number from 0 to 100, for example 70. Press **Answer** to try again.",
  unknownComponent: "Sorry, I don't recognise that button any more. Please use the latest message I sent you.",
  unknownCommand: "Sorry, I don't know that command. Try `/coach help`.",
  unreadableInteraction: "Sorry, that request reached me incomplete, so nothing was changed. Please try again.",
  somethingWrong: "Sorry, something went wrong on my side and nothing was saved. Please try that again in a moment.",

  // Who may do what.
  coachOnly: "Sorry, only coaches can use this command. If you're a coach here, ask the server's admin to give you the coach role.",
  linkNeedsCoach: "Sorry, only coaches and members who can manage this server can link a team channel.",
  setupHint:
    "This server has no coach set up yet, so coach commands are off. To set one up: list coaches' Discord user ids in COACH_USER_IDS (or name a coach role in DISCORD_COACH_ROLE_ID) and restart the bot, or have a member with **Manage Server** run `/coach team link` here, which registers them as the first coach.",
  setupHintGlobal:
    "No coach is set up yet, so coach commands are off. The bot's operator lists coaches' Discord user ids in COACH_USER_IDS (or names a coach role in DISCORD_COACH_ROLE_ID) and restarts the bot.",

  // Where a coach command's answer went.
  sessionGuideSent: "I've sent the session guide to our direct messages.",
  sessionWith: (who: string) => `(Session with ${who}.)`,
  exportTooLarge: "That export is too large to attach here. Please ask the bot's operator for a copy.",

  // Team check-ins: the button's caption; everything else they say is flows/team_checkin.yaml.
  team: {
    answerButton: "Answer privately",
  },
} as const;
