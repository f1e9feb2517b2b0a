// The Slack adapter's public surface, for the composition root (main.ts).
export { INTERACTIVE_RETRY, startSlack, type SlackAdapter, type SlackOptions } from "./app.js";
export { PERMANENT_SLACK_ERRORS, slackDeliverer } from "./deliverer.js";
