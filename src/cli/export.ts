// `coach export`: a client's own copy of their data (what /export sends them) as a JSON file, for
// the console, which cannot attach files, and for a request that reaches the operator.
import { writeFileSync } from "node:fs";
import { systemClock } from "../clock.js";
import { exportClientData } from "../coach/privacy.js";
import { type CliIo, UsageError, withCore } from "./operator.js";

export async function exportClient(opts: { client: string; out: string }, io: CliIo): Promise<number> {
  return withCore(io, systemClock, async (core) => {
    const { prisma } = core.db;
    const client = await prisma.client.findUnique({ where: { id: opts.client }, select: { id: true } });
    if (!client) throw new UsageError(`no client with id ${opts.client} (\`coach clients\` lists them)`);
    const json = JSON.stringify(await exportClientData(prisma, client.id, "client"), null, 2);
    try {
      writeFileSync(opts.out, json);
    } catch (error) {
      throw new UsageError(
        `cannot write ${opts.out}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "its folder does not exist" : (error as Error).message}`,
      );
    }
    io.out.write(`wrote ${opts.out} (${Buffer.byteLength(json)} bytes)\n`);
    return 0;
  });
}
