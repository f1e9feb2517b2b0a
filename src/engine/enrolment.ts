// Who becomes a client by writing to the bot. By default nobody: a coach enrolls the people they
// coach (/coach enroll), and someone else who writes gets a kind reply saying so; nothing they
// wrote is kept or shown to any coach. An operator can open enrolment per tenant (OPEN_ENROLMENT):
// there, whoever writes becomes a client of the tenant's first coach, and that coach is told.
// The console's one local client is always welcome: whoever types there runs the bot.
import type { Catalog } from "../domain/catalog.js";
import { safetyResources } from "../domain/catalog.js";
import { screenText } from "../domain/safety.js";
import { fillTemplate } from "../domain/script.js";
import type { Logger } from "../log.js";
import type { PrismaClient } from "../store/database.js";
import type { Inbound, InboundTenant } from "./inbound.js";

export interface EnrolmentSettings {
  /** Tenants (Slack workspace ids, Discord server ids) open to anyone who writes; "all" opens every one. */
  openIn: ReadonlySet<string> | "all";
  /** Which crisis resources a stranger in distress is shown when their time zone names no country (LOCALE). */
  locale?: string;
}

/** The default: enrolment by invitation only, everywhere but the console. */
export const INVITATION_ONLY: EnrolmentSettings = { openIn: new Set() };

export function enrolmentIsOpen(settings: EnrolmentSettings, tenant: InboundTenant): boolean {
  if (tenant.platform === "console") return true;
  return settings.openIn === "all" || settings.openIn.has(tenant.externalId);
}

/** Reads OPEN_ENROLMENT's value: tenant ids separated by commas, or "all". */
export function enrolmentSettings(openEnrolment: readonly string[], locale?: string): EnrolmentSettings {
  const openIn = openEnrolment.some((id) => id.toLowerCase() === "all") ? "all" : new Set(openEnrolment);
  return { openIn, ...(locale ? { locale } : {}) };
}

interface Deps {
  prisma: PrismaClient;
  catalog: Catalog;
  log: Logger;
}

/**
 * Answers someone who is not a client where enrolment is by invitation. Their words are not
 * stored (only read, to point someone in distress to help) and the log names no text. The
 * reply is queued once per event, with no client attached: there is no client.
 */
export async function answerStranger(deps: Deps & { settings: EnrolmentSettings }, inbound: Inbound, at: Date): Promise<number> {
  const { prisma, catalog, log } = deps;
  const tenant = await prisma.tenant.upsert({
    where: { platform_externalId: { platform: inbound.tenant.platform, externalId: inbound.tenant.externalId } },
    create: inbound.tenant,
    update: {},
  });
  const concern = inbound.kind === "message" ? screenText(inbound.text, catalog.safety.lexicon).concern : null;
  log.info("someone who is not a client wrote; enrolment here is by invitation, so nothing was stored and no coach was told", {
    tenant: inbound.tenant.externalId,
    userId: inbound.user.platformUserId,
    eventId: inbound.eventId,
    kind: inbound.kind,
    ...(concern ? { concern } : {}),
  });
  const e = catalog.messages.enrolment;
  const prompts = [];
  if (concern) {
    // Their country's helplines: the platform's profile tells their time zone (asked only for someone in distress).
    const timezone = (await inbound.user.profile?.().catch(() => undefined))?.timezone;
    const resources = safetyResources(catalog, concern, { locale: deps.settings.locale ?? "default", ...(timezone ? { timezone } : {}) })
      .map((r) => `  - ${r}`)
      .join("\n");
    prompts.push({ id: "stranger-concern", text: `${e.strangerConcern}\n${resources}`, input: { kind: "none" } });
  }
  // A coach saying hello is not asking to be coached: they get pointed to their commands.
  const coach = await prisma.coach.findUnique({
    where: { tenantId_platformUserId: { tenantId: tenant.id, platformUserId: inbound.user.platformUserId } },
    select: { id: true },
  });
  const reply = coach ? e.coachWrote : e.invitationOnly;
  prompts.push({ id: "invitation-only", text: fillTemplate(reply, { workspace: tenant.name }), input: { kind: "none" } });
  const { count } = await prisma.outboxMessage.createMany({
    data: [
      {
        tenantId: tenant.id,
        clientId: null,
        recipient: inbound.user.platformUserId,
        kind: "enrolment",
        dedupeKey: `invitation-only:${inbound.eventId}`,
        payload: { prompts },
        availableAt: at,
      },
    ],
    skipDuplicates: true,
  });
  return count;
}

/** Tells the coach of a client who enrolled themself by writing (open enrolment). */
export async function tellCoachOfOpenEnrolment(
  deps: Deps,
  client: { id: string; tenantId: string; platformUserId: string; name: string | null },
  coach: { platformUserId: string },
  workspace: string,
  at: Date,
): Promise<void> {
  const text = fillTemplate(deps.catalog.messages.enrolment.openEnrolmentCoachNote, { name: client.name ?? client.platformUserId, workspace });
  await deps.prisma.outboxMessage.createMany({
    data: [
      {
        tenantId: client.tenantId,
        clientId: client.id,
        recipient: coach.platformUserId,
        kind: "coach_note",
        dedupeKey: `open-enrolment:${client.id}`,
        payload: { prompts: [{ id: "open-enrolment", text, input: { kind: "none" } }] },
        availableAt: at,
      },
    ],
    skipDuplicates: true,
  });
  deps.log.info("a newcomer enrolled themself (open enrolment); their coach is told", { clientId: client.id });
}
