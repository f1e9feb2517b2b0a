// Translates Discord interactions (slash commands, button presses, selects, form submits) into
// neutral Inbound events. Discord wants an acknowledgement within 3 seconds, so each one is
// acknowledged first (deferred reply, message update, or modal) and handled after; what a person
// sent (an answer, a command, a team form, a press on a confirmation) is kept in the inbox before
// that acknowledgement.
// Only what opens a modal is answered at once: the modal is itself the acknowledgement, and
// nothing typed is at stake yet. Nothing here
// throws: a failed acknowledgement (expired token, 10062) is logged and the event still goes to
// the engine, because what the person answered must not be lost.
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  type RepliableInteraction,
  type StringSelectMenuInteraction,
} from "discord.js";
import { parseAnswer } from "../../domain/prompt.js";
import type { Inbound, InboundKind, InboundTenant } from "../../engine/inbound.js";
import { type Inbox, type InboxRow, retriedByInbox } from "../../engine/inbox.js";
import type { ConfirmAction, Outcome, Reply } from "../../interactions/index.js";
import type { Logger } from "../../log.js";
import { type AdapterAction, decodeAdapterAction } from "./action-ids.js";
import { type CoachInvocation, readInvocation } from "./commands.js";
import { ANSWER_FIELD_ID, decodeCustomId } from "./custom-id.js";
import type { DiscordDeliverer } from "./deliverer.js";
import { discordErrorCode, isStaleInteractionError } from "./errors.js";
import { answeredContent, answerForm } from "./forms.js";
import type { RawInteractionReader } from "./gateway-guard.js";
import type { DiscordPipeline, KeptEvent } from "./pipeline.js";
import { storeInteractions } from "./stored-interactions.js";
import { wording } from "./wording.js";

export interface InteractionDeps {
  pipeline: DiscordPipeline;
  /** Commands and team forms are stored here before they are acknowledged, and completed from here. */
  inbox: Inbox;
  client: Client;
  /** The payload of the interaction being emitted (gateway-guard.ts), to store it. */
  rawOf: RawInteractionReader;
  deliverer: DiscordDeliverer;
  /** Read per event: the server's name is known only once Discord has sent the guild. */
  tenant: () => InboundTenant;
  log: Logger;
  /** What the adapter answers itself, not the machine: coach and personal-data commands, team answers. */
  own: OwnHandlers;
}

export interface OwnHandlers {
  /** Runs the invocation through the command registry. */
  command(interaction: ChatInputCommandInteraction, invocation: CoachInvocation): Promise<Outcome>;
  /** Shows the registry's reply on the deferred command. */
  render(interaction: ChatInputCommandInteraction, reply: Reply): Promise<void>;
  /** "Answer privately": answered at once by opening the team form (nothing is changed yet). */
  button(interaction: ButtonInteraction, action: AdapterAction): Promise<void>;
  /** A press on a confirmation's button, after its deferred update: the registry decides, the question shows the answer. */
  confirm(interaction: ButtonInteraction, action: ConfirmAction): Promise<void>;
  /** A sent team form, after its deferred private reply: saved, and the member told. */
  submitTeamForm(interaction: ModalSubmitInteraction, checkInId: string): Promise<void>;
}

type AnswerInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;
/** What is kept in the inbox as Discord sent it (stored-interactions.ts rebuilds these kinds). */
type StoredKind = ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

export function createInteractionHandler({
  pipeline,
  inbox,
  client,
  rawOf,
  deliverer,
  tenant,
  log,
  own,
}: InteractionDeps): (interaction: Interaction) => Promise<void> {
  /** Runs one Discord response call; false (logged) when Discord refused it. */
  const respond = async (what: string, interaction: Interaction, call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      return true;
    } catch (error) {
      const fields = { interactionId: interaction.id, code: discordErrorCode(error), error };
      if (isStaleInteractionError(error)) log.warn(`discord: could not ${what}: the interaction expired or was already answered`, fields);
      else log.error(`discord: could not ${what}`, fields);
      return false;
    }
  };

  const inbound = (interaction: Interaction, kind: InboundKind): Inbound => ({
    ...kind,
    eventId: interaction.id,
    tenant: tenant(),
    user: { platformUserId: interaction.user.id, displayName: interaction.user.globalName ?? interaction.user.username },
  });

  const unrecognised = async (interaction: RepliableInteraction, customId: string) => {
    log.warn("discord: unrecognised component or form", { customId, interactionId: interaction.id });
    await respond("reply to an unrecognised component", interaction, () =>
      interaction.reply({ content: wording.unknownComponent, flags: MessageFlags.Ephemeral }),
    );
  };

  /**
   * Stores the interaction, acknowledges it, then completes it (`finish`) from the inbox, so a
   * command, form or confirmation acknowledged before a crash is completed after the restart.
   * Not stored: the person is told at once, as the acknowledgement, and nothing was done.
   */
  const storeThenAcknowledge = async (interaction: StoredKind, acknowledge: () => Promise<unknown>) => {
    let row: InboxRow | null;
    try {
      row = await stored.keep(interaction);
    } catch (error) {
      log.error("discord: an interaction could not be stored; the person was asked to try again", { interactionId: interaction.id, error });
      await respond("report a failure", interaction, () => interaction.reply({ content: wording.somethingWrong, flags: MessageFlags.Ephemeral }));
      return;
    }
    await respond("acknowledge an interaction", interaction, acknowledge);
    if (row) await stored.complete(row, interaction);
    else log.debug("discord: interaction already in the inbox", { interactionId: interaction.id });
  };

  /** Every /coach invocation is stored, deferred privately, then run through the registry. */
  const onCommand = async (interaction: ChatInputCommandInteraction) => {
    if (!readInvocation(interaction)) {
      await respond("reply to an unknown command", interaction, () => interaction.reply({ content: wording.unknownCommand, flags: MessageFlags.Ephemeral }));
      return;
    }
    await storeThenAcknowledge(interaction, () => interaction.deferReply({ flags: MessageFlags.Ephemeral }));
  };

  /** After the deferred reply: the registry decides; client commands come back for the machine. */
  const finishCommand = async (interaction: ChatInputCommandInteraction) => {
    const invocation = readInvocation(interaction);
    if (!invocation) return;
    let outcome: Outcome;
    try {
      outcome = await own.command(interaction, invocation);
    } catch (error) {
      // The database is away for a moment: the inbox runs the command again later.
      if (retriedByInbox(error)) return;
      log.error("discord: a command failed", { interactionId: interaction.id, error });
      outcome = { reply: { visibility: "private", text: wording.somethingWrong } };
    }
    // Not deferred: Discord refused the acknowledgement (logged); there is no reply to edit.
    const acknowledged = interaction.deferred;
    if ("reply" in outcome) {
      if (acknowledged) await own.render(interaction, outcome.reply);
      return;
    }
    const applied = await pipeline.applyNow(inbound(interaction, outcome.machine));
    if (applied === "postponed" || !acknowledged) return;
    const content = applied === "failed" ? wording.somethingWrong : deliverer.refusedReason(interaction.user.id) ? wording.dmClosed : wording.repliedInDm;
    await respond("edit a command reply", interaction, () => interaction.editReply({ content }));
  };

  /** The work after the acknowledgement of a stored interaction, live or rebuilt after a restart. */
  const finish = async (interaction: Interaction): Promise<void> => {
    if (interaction.isChatInputCommand()) return finishCommand(interaction);
    const action = interaction.isModalSubmit() || interaction.isButton() ? decodeAdapterAction(interaction.customId) : null;
    if (interaction.isModalSubmit() && action?.type === "submitTeamForm") return own.submitTeamForm(interaction, action.checkInId);
    if (interaction.isButton() && (action?.type === "confirmDelete" || action?.type === "cancelDelete")) return own.confirm(interaction, action);
    log.warn("discord: a stored interaction of a kind not completed here; dropped", { interactionId: interaction.id, type: interaction.type });
  };
  const stored = storeInteractions({ client, inbox, tenant, rawOf, finish, log });

  /**
   * Replaces the question's buttons by the answer (interaction callback UPDATE_MESSAGE), then
   * hands the answer to the engine. If the engine fails, the buttons are put back so the answer
   * can be given again.
   */
  const answer = async (interaction: AnswerInteraction, promptId: string, text: string, shown: string) => {
    const message = interaction.message;
    // Stored before Discord hears back: an acknowledged answer must survive a crash right after.
    let kept: KeptEvent;
    try {
      kept = await pipeline.keep(inbound(interaction, { kind: "message", text, promptId }));
    } catch (error) {
      // Not acknowledged as answered: the question keeps its buttons, so it can be given again.
      log.error("discord: an answer could not be stored", { interactionId: interaction.id, error });
      await respond("report a failure", interaction, () => interaction.reply({ content: wording.somethingWrong, flags: MessageFlags.Ephemeral }));
      return;
    }
    let acknowledged: boolean;
    if (message && (!interaction.isModalSubmit() || interaction.isFromMessage())) {
      const update = { content: answeredContent(message.content, shown), components: [] };
      acknowledged = await respond("update the answered message", interaction, () => interaction.update(update));
    } else {
      acknowledged = await respond("acknowledge a form", interaction, () =>
        interaction.reply({ content: wording.answered(shown), flags: MessageFlags.Ephemeral }),
      );
    }
    const ok = await pipeline.apply(kept);
    if (ok || !acknowledged) return;
    if (message) {
      const components = message.components.map((row) => row.toJSON());
      await respond("restore the question", interaction, () => interaction.editReply({ content: message.content, components }));
    }
    await respond("report a failure", interaction, () => interaction.followUp({ content: wording.somethingWrong, flags: MessageFlags.Ephemeral }));
  };

  const onButton = async (interaction: ButtonInteraction) => {
    const ownAction = decodeAdapterAction(interaction.customId);
    // "Delete everything" is acknowledged without waiting for the deletion (Discord's 3 seconds)
    // and kept until it is done, even across a crash: stored, deferred, the question edited later.
    if (ownAction?.type === "confirmDelete" || ownAction?.type === "cancelDelete") return storeThenAcknowledge(interaction, () => interaction.deferUpdate());
    if (ownAction) return own.button(interaction, ownAction);
    const action = decodeCustomId(interaction.customId);
    if (action?.type === "answer") {
      // Undefined when Discord sent the message without its components (it should not).
      const component = interaction.component as typeof interaction.component | undefined;
      const label = (component && "label" in component ? component.label : undefined) ?? action.value;
      const skipped = action.value === "skip" && label === wording.skipButton;
      await answer(interaction, action.promptId, action.value, skipped ? "" : label);
      return;
    }
    if (action?.type === "openForm") {
      const form = answerForm(action.form, action.promptId, interaction.message.content);
      if (form) {
        await respond("open a form", interaction, () => interaction.showModal(form));
        return;
      }
    }
    await unrecognised(interaction, interaction.customId);
  };

  const onSelect = async (interaction: StringSelectMenuInteraction) => {
    const action = decodeCustomId(interaction.customId);
    const value = interaction.values[0];
    if (action?.type !== "select" || value === undefined) return unrecognised(interaction, interaction.customId);
    const component = interaction.component as typeof interaction.component | undefined;
    const label = component?.options.find((o) => o.value === value)?.label ?? value;
    await answer(interaction, action.promptId, value, label);
  };

  const onFormSubmit = async (interaction: ModalSubmitInteraction) => {
    const ownAction = decodeAdapterAction(interaction.customId);
    // Saving a team answer also edits the channel post: stored, then deferred (privately).
    if (ownAction?.type === "submitTeamForm") return storeThenAcknowledge(interaction, () => interaction.deferReply({ flags: MessageFlags.Ephemeral }));
    if (ownAction) {
      log.warn("discord: a button id arrived on a form", { customId: interaction.customId });
      return unrecognised(interaction, interaction.customId);
    }
    const action = decodeCustomId(interaction.customId);
    const text = action?.type === "submitForm" ? fieldValue(interaction) : undefined;
    if (action?.type !== "submitForm" || text === undefined) return unrecognised(interaction, interaction.customId);
    let shown = text;
    if (action.form === "percent") {
      // Checked here so a typo costs one private note, not a round trip through the DM; the
      // form's button stays on the question, so pressing it again is all it takes.
      const parsed = parseAnswer({ kind: "percent" }, text);
      if (!parsed.ok) {
        log.info("discord: a form answer was not a percentage", { interactionId: interaction.id, promptId: action.promptId });
        await respond("reply to an invalid percentage", interaction, () => interaction.reply({ content: wording.notAPercent, flags: MessageFlags.Ephemeral }));
        return;
      }
      shown = `${parsed.value}%`;
    }
    await answer(interaction, action.promptId, text, shown);
  };

  return async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) await onCommand(interaction);
      else if (interaction.isButton()) await onButton(interaction);
      else if (interaction.isStringSelectMenu()) await onSelect(interaction);
      else if (interaction.isModalSubmit()) await onFormSubmit(interaction);
      else log.debug("discord: interaction type not handled", { type: interaction.type });
    } catch (error) {
      log.error("discord: handling an interaction failed", { interactionId: interaction.id, error });
    }
  };
}

function fieldValue(interaction: ModalSubmitInteraction): string | undefined {
  try {
    return interaction.fields.getTextInputValue(ANSWER_FIELD_ID).trim();
  } catch {
    return undefined;
  }
}
