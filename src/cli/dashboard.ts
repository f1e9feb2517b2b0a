// `coach dashboard --operator`: a one-time sign-in link to the program overview, for an operator
// or a program sponsor (coaches get theirs with /coach dashboard in the chat).
import { systemClock } from "../clock.js";
import { loadConfig, publicUrl } from "../config.js";
import { createDashboard } from "../dashboard/index.js";
import { createLogger } from "../log.js";
import { type CliIo, UsageError, withCore } from "./operator.js";

export async function dashboardLink(opts: { operator?: boolean; tenant?: string }, io: CliIo): Promise<number> {
  if (!opts.operator) throw new UsageError("coaches get their link with /coach dashboard in the chat; operators add --operator");
  const config = loadConfig(io.env);
  return withCore(io, systemClock, async (core) => {
    if (opts.tenant && !(await core.db.prisma.tenant.findUnique({ where: { id: opts.tenant }, select: { id: true } }))) {
      throw new UsageError(`no tenant with id ${opts.tenant}`);
    }
    const dashboard = createDashboard({
      prisma: core.db.prisma,
      catalog: core.catalog,
      clock: systemClock,
      log: createLogger(config.LOG_LEVEL, (line) => io.err.write(`${line}\n`)),
      publicUrl: publicUrl(config),
    });
    const url = await dashboard.issueSignInLink(opts.tenant ? { operator: true, tenantId: opts.tenant } : { operator: true });
    io.out.write(`Program overview sign-in link (works once, within 15 minutes; keep it to yourself):\n${url}\n`);
    return 0;
  });
}
