// A person's own data, or (naming someone else) a coach's own client's: export as a JSON file,
// delete after a confirmation. The same policy everywhere: the client themself, or their coach.
import { deleteClientData, type ExportReader, exportClientData } from "../coach/privacy.js";
import { clientAndCoach, clientByUser } from "../store/people.js";
import { ownClient } from "./coaching.js";
import type { AnyoneHandler, HandlerContext } from "./context.js";
import type { Args } from "./options.js";
import { type ConfirmAction, privateReply, type Reply } from "./types.js";
import { wording } from "./wording.js";

/** Whose data, named how in replies (null: the asker's own), and who is asking. */
type Target = { clientId: string | null; who: string | null; reader: ExportReader } | Reply;

async function target(ctx: HandlerContext, args: Args): Promise<Target> {
  const other = args.person("user");
  const { actor, tenant } = ctx.interaction;
  if (!other || other.platformUserId === actor.platformUserId) {
    const own = await clientByUser(ctx.deps.prisma, tenant, actor.platformUserId);
    return { clientId: own?.id ?? null, who: null, reader: "client" };
  }
  const access = await ctx.access.coach(tenant, actor, "export");
  if (!access.ok) return privateReply(access.reply);
  const client = await ownClient({ ...ctx, coach: access.coach }, other);
  return "visibility" in client ? client : { clientId: client.id, who: ctx.voice.mention(other.platformUserId), reader: { coachId: access.coach.id } };
}

export const exportData: AnyoneHandler = async (ctx, args) => {
  const found = await target(ctx, args);
  if ("visibility" in found) return found;
  if (!found.clientId) return privateReply(wording.noData(found.who));
  const data = await exportClientData(ctx.deps.prisma, found.clientId, found.reader);
  const day = ctx.deps.clock.now().toISOString().slice(0, 10);
  ctx.deps.log.info("data exported", { by: ctx.interaction.actor.platformUserId, clientId: found.clientId });
  return privateReply(wording.exportReady(found.who), {
    attachments: [{ filename: `coaching-data-${day}.json`, contentType: "application/json", content: JSON.stringify(data, null, 2) }],
  });
};

export const askToDelete: AnyoneHandler = async (ctx, args) => {
  const found = await target(ctx, args);
  if ("visibility" in found) return found;
  if (!found.clientId) return privateReply(wording.noData(found.who));
  const question = wording.deleteQuestion(found.who);
  return privateReply(question, {
    confirm: {
      question,
      confirmLabel: wording.deleteButton,
      cancelLabel: wording.keepButton,
      // The client id pins the answer to this client record: a later re-enrollment is a new one.
      confirm: { type: "confirmDelete", clientId: found.clientId },
      cancel: { type: "cancelDelete", clientId: found.clientId },
    },
  });
};

/** The answer to the confirmation: checks again who pressed before deleting anything. */
export async function settleDelete(ctx: HandlerContext, action: ConfirmAction): Promise<Reply> {
  const settled = (text: string) => privateReply(text, { settles: true });
  if (action.type === "cancelDelete") return settled(wording.kept);
  const client = await clientAndCoach(ctx.deps.prisma, action.clientId);
  if (!client) return settled(wording.alreadyDeleted);
  const by = ctx.interaction.actor.platformUserId;
  if (client.platformUserId !== by && client.coach?.platformUserId !== by) {
    ctx.deps.log.warn("a delete confirmation was pressed by someone else", { by, clientId: client.id });
    return privateReply(wording.notYours);
  }
  await deleteClientData(ctx.deps.prisma, client.id, { catalog: ctx.deps.catalog });
  ctx.deps.log.info("client data deleted", { by, clientId: client.id });
  return settled(wording.deleted);
}
