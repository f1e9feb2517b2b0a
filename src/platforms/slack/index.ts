// The Slack adapter's public surface, for the composition root (main.ts).
export { INTERACTIVE_RETRY, type SlackAdapter, type SlackConnection, type SlackOptions, startSlack } from "./app.js";
export { PERMANENT_SLACK_ERRORS, slackDeliverer } from "./deliverer.js";
export { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from "./oauth.js";
