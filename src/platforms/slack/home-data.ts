// Reads what the App Home shows through the store's read models, and publishes it (views.publish).
import { rosterView } from "../../interactions/index.js";
import type { InboundTenant } from "../../engine/inbound.js";
import { clientHome } from "../../store/client-home.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { homeView, type HomeModel } from "./home.js";
import { slackPort } from "./interact.js";

export async function publishHome(rt: SlackRuntime, req: SlackRequest, tenant: InboundTenant, userId: string): Promise<void> {
  const access = await slackPort(rt, req).access.coach(tenant, { platformUserId: userId }, "home");
  const model: HomeModel = {
    roster: access.ok ? await rosterView(rt.prisma, rt.catalog, access.coach.id) : null,
    client: await clientHome(rt.prisma, rt.catalog, tenant, userId),
  };
  await req.client.views.publish({ user_id: userId, view: homeView(model, rt.catalog) });
}
