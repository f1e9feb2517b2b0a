// Layer 8: what people can do, written once for every platform. Adapters build a neutral
// interaction, pass their PlatformPort (voice + access strategy), and render the Reply.
export { COMMANDS, findCommand, GROUPS, usage, type CommandSpec } from "./registry.js";
export { runAction, runCommand, runTypedCommand, runTypedLine, consoleVoice, type Outcome, type PlatformPort } from "./dispatch.js";
export { commandsTable, helpText, optionLabel, usageOf } from "./help.js";
export { parseCommandLine, plainCodec, type TextCodec, type Token } from "./parse.js";
export { findArea, type OptionSpec } from "./options.js";
export type { InteractionDeps } from "./context.js";
export * from "./types.js";
export { wording as interactionWording } from "./wording.js";
export { listedCoaches, localCoach, registerCoach, roleCoaches } from "./access.js";
// Views adapters show outside commands (Slack's App Home).
export { rosterText as rosterView } from "../coach/roster.js";
