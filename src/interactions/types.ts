// The neutral shapes of the interaction layer: what a person did (an Interaction, whatever the
// platform), who they are to the bot (an AccessStrategy decides per platform), and what the bot
// answers (a Reply each adapter renders: Block Kit, Discord components, console text).
import type { InboundTenant } from "../engine/inbound.js";

/** The person behind an interaction, as the platform knows them. */
export interface Actor {
  platformUserId: string;
  displayName?: string;
}

/** A person named in a command's option: a structured value, never re-parsed from text. */
export interface PersonArg {
  platformUserId: string;
  displayName?: string;
  /** Platforms that know it (Discord) say so: bots cannot be coached. */
  bot?: boolean;
}

/** A channel named in a command's option (team check-ins). */
export interface ChannelArg {
  channelId: string;
  name?: string;
}

export interface InteractionHeader {
  /** Unique per platform delivery: a redelivered interaction takes effect once. */
  eventId: string;
  tenant: InboundTenant;
  actor: Actor;
}

/** Pressing a confirmation's buttons: the adapter encodes this in its button ids and decodes it back. */
export type ConfirmAction = { type: "confirmDelete"; clientId: string } | { type: "cancelDelete"; clientId: string };

/**
 * What a private form is about (today: a member's answer to a team check-in). Adapters encode it
 * in the ids of the form and of the button that opens it, and decode it back.
 */
export type FormAction = { type: "teamAnswer"; checkInId: string };

export type Interaction = InteractionHeader &
  (
    | { kind: "command"; name: string; args: Record<string, unknown> }
    | { kind: "action"; action: ConfirmAction }
    /** A button that opens a private form was pressed. */
    | { kind: "openForm"; action: FormAction }
    /** A private form was sent: its values by field key, as typed or picked. */
    | { kind: "formSubmit"; action: FormAction; values: Record<string, string> }
  );

/** One field of a private form. Texts come from flows/ and fit Discord's and Slack's limits. */
export interface FormField {
  key: string;
  label: string;
  hint?: string;
  placeholder?: string;
  /** short: one line; paragraph: several; choice: pick one of `options`. */
  kind: "short" | "paragraph" | "choice";
  required: boolean;
  maxLength?: number;
  /** Filled in (the member's earlier answer); for a choice, the option's value. */
  value?: string;
  options?: { value: string; label: string }[];
}

/** A form only the actor sees (Discord modal, Slack modal); its submit comes back as `formSubmit`. */
export interface FormSpec {
  action: FormAction;
  title: string;
  fields: FormField[];
}

/** A file sent with a reply (the data export). */
export interface ReplyAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A question with two buttons; each press comes back as an `action` interaction. */
export interface Confirmation {
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  confirm: ConfirmAction;
  cancel: ConfirmAction;
}

export interface Reply {
  /** Private: only the actor sees it (Discord ephemeral, Slack DM). Public: the channel it came from. */
  visibility: "private" | "public";
  /** Empty when the real answer went out through the outbox (the session guide, the welcome). */
  text: string;
  attachments?: ReplyAttachment[];
  confirm?: Confirmation;
  /**
   * Set when the answer went to `recipient`'s direct messages through the outbox (the session
   * guide); `about` names the client when the coach did not (the one running session).
   */
  sentByDirectMessage?: { recipient: string; about?: string };
  /** The confirmation this reply answers is settled: adapters replace its buttons by the text. */
  settles?: boolean;
  /** Open this form for the actor (privately) instead of showing `text`. */
  form?: FormSpec;
  /** Offer a button under the text that opens this form again (after a typo, a failure). */
  reopen?: FormAction;
}

export const privateReply = (text: string, extra: Partial<Reply> = {}): Reply => ({ visibility: "private", text, ...extra });

/** Who is a coach, decided per platform (Slack: COACH_USER_IDS or installer; Discord: Coach row or role; console: the local coach). */
export interface CoachIdentity {
  id: string;
  tenantId: string;
  platformUserId: string;
  name: string;
}

export type CoachAccess = { ok: true; coach: CoachIdentity } | { ok: false; reply: string };

export interface AccessStrategy {
  /**
   * The coach behind `actor`, registering them when the platform's rule makes them one, or the
   * refusal to show. `command` is the registry name (some platforms let more people link a team).
   */
  coach(tenant: InboundTenant, actor: Actor, command: string): Promise<CoachAccess>;
}

/** What the adapter knows about showing people and reaching them. */
export interface PlatformVoice {
  /** How a person is shown in a reply (a mention on Slack and Discord, a name in the console). */
  mention(platformUserId: string): string;
  /**
   * The name the platform shows for a person a command named without one (a Slack mention is
   * only an id); absent where people arrive with their names (Discord, the console).
   */
  name?(platformUserId: string): Promise<string | undefined>;
  channel(channelId: string): string;
  /** How a command is written on this platform, e.g. "/coach session start". */
  command(name: string): string;
  /** False when the outbox could not reach this person lately (DMs closed). */
  reachable(platformUserId: string): boolean;
}
