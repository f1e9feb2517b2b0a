// `/coach export` and `/coach delete`: a person's own data (or, for a coach, one of their own
// clients' data). Export is a JSON file attached to a private reply; delete asks first, with two
// buttons on a private reply, and checks again who pressed before deleting anything.
import { ButtonStyle, ComponentType, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from "discord.js";
import type { Clock } from "../../clock.js";
import { deleteClientData, exportClientData } from "../../coach/privacy.js";
import type { Logger } from "../../log.js";
import type { PrismaClient } from "../../store/database.js";
import { coachAccess, isCoachOf, setupHint, type AccessDeps } from "./access.js";
import { encodeAdapterAction, type AdapterAction } from "./action-ids.js";
import { deferPrivately, replyPrivately } from "./replies.js";
import { wording } from "./wording.js";

/** Below Discord's smallest upload limit (10 MiB), with room for the request around it. */
export const EXPORT_MAX_BYTES = 8 * 1024 * 1024;

export interface PersonalDataDeps {
  prisma: PrismaClient;
  clock: Clock;
  log: Logger;
  access: AccessDeps;
}

type Target = { ok: true; clientId: string | null; who: string | null } | { ok: false; text: string };

export function createPersonalData(deps: PersonalDataDeps) {
  const { prisma, log } = deps;

  /** Whose data: the person's own, or (with `user:` naming someone else) a coach's own client's. */
  const target = async (interaction: ChatInputCommandInteraction): Promise<Target> => {
    const other = interaction.options.getUser("user");
    const tenant = deps.access.tenant();
    const inTenant = { platform: tenant.platform, externalId: tenant.externalId };
    if (!other || other.id === interaction.user.id) {
      const own = await prisma.client.findFirst({ where: { platformUserId: interaction.user.id, tenant: inTenant }, select: { id: true } });
      return { ok: true, clientId: own?.id ?? null, who: null };
    }
    const access = await coachAccess(deps.access, interaction);
    if (!access.ok) return { ok: false, text: access.why === "notSetUp" ? setupHint(deps.access) : wording.coachOnly };
    const client = await prisma.client.findFirst({ where: { platformUserId: other.id, tenantId: access.coach.tenantId, coachId: access.coach.id }, select: { id: true } });
    if (!client) return { ok: false, text: wording.notYourClient(`<@${other.id}>`) };
    return { ok: true, clientId: client.id, who: `<@${other.id}>` };
  };

  const onCommand = async (interaction: ChatInputCommandInteraction, name: "export" | "delete"): Promise<void> => {
    if (!(await deferPrivately(interaction, log))) return;
    try {
      const found = await target(interaction);
      if (!found.ok) return await replyPrivately(interaction, found.text, log);
      if (!found.clientId) return await replyPrivately(interaction, wording.noData(found.who), log);
      if (name === "export") {
        const json = Buffer.from(JSON.stringify(await exportClientData(prisma, found.clientId), null, 2), "utf8");
        if (json.length > EXPORT_MAX_BYTES) return await replyPrivately(interaction, wording.exportTooLarge, log);
        const file = `coaching-data-${deps.clock.now().toISOString().slice(0, 10)}.json`;
        log.info("discord: data exported", { userId: interaction.user.id, clientId: found.clientId, bytes: json.length });
        return await replyPrivately(interaction, wording.exportReady(found.who), log, { files: [{ attachment: json, name: file }] });
      }
      const components = [
        {
          type: ComponentType.ActionRow as const,
          components: [
            { type: ComponentType.Button as const, style: ButtonStyle.Danger as const, custom_id: encodeAdapterAction({ type: "confirmDelete", clientId: found.clientId }), label: wording.deleteButton },
            { type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, custom_id: encodeAdapterAction({ type: "cancelDelete", clientId: found.clientId }), label: wording.keepButton },
          ],
        },
      ];
      await replyPrivately(interaction, wording.deleteConfirm(found.who), log, { components });
    } catch (error) {
      log.error("discord: a personal-data command failed", { interactionId: interaction.id, command: name, error });
      await replyPrivately(interaction, wording.somethingWrong, log);
    }
  };

  const onButton = async (interaction: ButtonInteraction, action: Extract<AdapterAction, { type: "confirmDelete" | "cancelDelete" }>): Promise<void> => {
    const update = async (content: string) => {
      try {
        await interaction.update({ content, components: [] });
      } catch (error) {
        log.warn("discord: could not update the delete confirmation", { interactionId: interaction.id, error });
      }
    };
    if (action.type === "cancelDelete") return update(wording.kept);
    const client = await prisma.client.findUnique({ where: { id: action.clientId }, select: { id: true, platformUserId: true, coachId: true } });
    if (!client) return update(wording.alreadyDeleted);
    const allowed = client.platformUserId === interaction.user.id || (await isCoachOf(prisma, client.coachId, interaction.user.id));
    if (!allowed) {
      log.warn("discord: a delete confirmation was pressed by someone else", { userId: interaction.user.id, clientId: client.id });
      await interaction.reply({ content: wording.coachOnly, flags: MessageFlags.Ephemeral }).catch(() => undefined);
      return;
    }
    await deleteClientData(prisma, client.id);
    log.info("discord: client data deleted", { by: interaction.user.id, clientId: client.id });
    await update(wording.deleted);
  };

  return { onCommand, onButton };
}
