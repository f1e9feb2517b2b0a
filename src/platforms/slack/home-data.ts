// Reads what the App Home shows through the store's read models, and publishes it (views.publish).
import type { InboundTenant } from "../../engine/inbound.js";
import type { SlackRequest, SlackRuntime } from "./dispatch.js";
import { type HomeModel, homeView } from "./home.js";
import { slackPort } from "./interact.js";

export async function publishHome(rt: SlackRuntime, req: SlackRequest, tenant: InboundTenant, userId: string): Promise<void> {
  const access = await slackPort(rt, req).access.coach(tenant, { platformUserId: userId }, "home");
  const model: HomeModel = {
    roster: access.ok ? await rt.interactions.store.rosterView(access.coach.id) : null,
    client: await rt.interactions.store.clientHome(tenant, userId),
  };
  await req.client.views.publish({ user_id: userId, view: homeView(model, rt.catalog) });
}
