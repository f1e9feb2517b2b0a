// `coach clients`: every client with the ids an operator needs for `coach report`.
import { systemClock } from "../clock.js";
import { type CliIo, withCore } from "./operator.js";

export async function clients(io: CliIo): Promise<number> {
  return withCore(io, systemClock, async (core) => {
    const rows = await core.db.prisma.client.findMany({
      include: { tenant: true, coach: true, domains: { orderBy: { domain: "asc" } } },
      orderBy: [{ tenant: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
    });
    if (rows.length === 0) {
      io.out.write("no clients yet\n");
      return 0;
    }
    const table = [
      ["id", "name", "platform", "tenant", "coach", "stage per area"],
      ...rows.map((c) => [
        c.id,
        c.name ?? `(${c.platformUserId})`,
        c.tenant.platform,
        c.tenant.name,
        c.coach?.name ?? "-",
        c.domains.map((d) => `${d.domain} ${d.stage}`).join(", ") || "not staged yet",
      ]),
    ];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) io.out.write(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")}\n`);
    return 0;
  });
}
