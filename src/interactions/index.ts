// Layer 8: what people can do, written once for every platform. Adapters build a neutral
// interaction, pass their PlatformPort (voice + access strategy), and render the Reply.

export { listedAsCoach, listedCoaches, localCoach, registerCoach, roleCoaches, unscopedCoachEntries } from "./access.js";
export { type AdapterStore, adapterStore } from "./adapter-store.js";
export type { InteractionDeps } from "./context.js";
export { consoleVoice, type Outcome, type PlatformPort, runAction, runCommand, runTypedClientCommand, runTypedCommand, runTypedLine } from "./dispatch.js";
export { commandsTable, helpText, optionLabel, usageOf } from "./help.js";
export { findArea, type OptionSpec } from "./options.js";
export { parseCommandLine, plainCodec, type TextCodec, type Token } from "./parse.js";
export { COMMANDS, type CommandSpec, findCommand, GROUPS, runsOutsideMachine, usage } from "./registry.js";
export { openForm, submitForm, TEAM_FORM_FIELDS } from "./team-answers.js";
export * from "./types.js";
export { wording as interactionWording } from "./wording.js";
