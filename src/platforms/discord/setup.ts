// Applied once Discord is connected: the deployment's tenant gets its coach role from
// DISCORD_COACH_ROLE_ID (the variable is the source of truth: unset clears it), and the people
// listed in COACH_USER_IDS are registered as coaches. COACH_USER_IDS may be shared with other
// platforms: only Discord user ids (snowflakes, all digits) are taken here, plain ones (the
// deployment has one tenant) and those written "<server id>:<user id>" for this server.
import type { Client as DiscordClient } from "discord.js";
import type { InboundTenant } from "../../engine/inbound.js";
import { type AdapterStore, listedAsCoach } from "../../interactions/index.js";
import type { Logger } from "../../log.js";

const SNOWFLAKE = /^\d{15,25}$/;

export async function applyCoachSetup(opts: {
  store: Pick<AdapterStore, "registerCoach" | "setCoachRole">;
  discord: DiscordClient;
  tenant: InboundTenant;
  coachUserIds: readonly string[];
  coachRoleId: string | undefined;
  log: Logger;
}): Promise<{ coaches: string[] }> {
  const { store, discord, tenant, log } = opts;
  await store.setCoachRole(tenant, opts.coachRoleId ?? null);
  const coaches: string[] = [];
  for (const entry of opts.coachUserIds) {
    const id = entry.slice(entry.indexOf(":") + 1);
    if (!listedAsCoach([entry], tenant.externalId, id, tenant.externalId)) {
      log.debug("discord: COACH_USER_IDS entry names another workspace or server; left to it", { entry });
      continue;
    }
    if (!SNOWFLAKE.test(id)) {
      log.debug("discord: COACH_USER_IDS entry is not a Discord user id; left to other platforms", { id });
      continue;
    }
    const name = await discord.users.fetch(id).then(
      (user) => user.globalName ?? user.username,
      (error: unknown) => {
        log.warn("discord: could not look up a coach listed in COACH_USER_IDS; registered by id", { id, error });
        return id;
      },
    );
    await store.registerCoach(tenant, id, name);
    coaches.push(id);
  }
  log.info("discord: coaches set up", { tenant: tenant.externalId, coaches: coaches.length, coachRole: opts.coachRoleId ?? null });
  return { coaches };
}
