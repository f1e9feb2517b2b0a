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
  dmClosed:
    "I couldn't send you a direct message. Please allow direct messages from this server's members (Privacy Settings), then try again.",
  notAPercent: "That doesn't look like a percentage. Please enter a whole number from 0 to 100, for example 70. Press **Answer** to try again.",
  unknownComponent: "Sorry, I don't recognise that button any more. Please use the latest message I sent you.",
  unknownCommand: "Sorry, I don't know that command. Try `/coach help`.",
  somethingWrong: "Sorry, something went wrong on my side and nothing was saved. Please try that again in a moment.",
} as const;
