// SIGTERM (what a supervisor sends) while the bot is busy: the console still has lines to
// process when shutdown closes the database. The bot must end cleanly with 0, not with a
// "Fatal" from the steps that were still using what shutdown closed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { freePort, startBot } from "./support/bot-process.js";
import { checkinAnswers, FULL_ONBOARDING } from "./support/scripts.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "coach-shutdown-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it("ends with 0 and no fatal error when SIGTERM comes while console lines are still being processed", { timeout: 240_000 }, async () => {
  const bot = startBot({ DATA_DIR: dataDir, CONSOLE_CHAT: "on", PORT: String(await freePort()), HOST: "127.0.0.1" });
  // Many lines at once: the console works through them while the signal closes the database.
  for (const line of ["hi", ...FULL_ONBOARDING, "/checkin", ...checkinAnswers(6)]) bot.write(line);
  await bot.waitFor(/What name would you like me to use\?/);
  bot.child.kill("SIGTERM");
  const code = await bot.exited;
  expect(bot.stderr()).not.toMatch(/Fatal/);
  expect(code).toBe(0);
});

it("ends with 0 when SIGTERM comes as start-up prints its banner, before the console chat starts", { timeout: 240_000 }, async () => {
  const bot = startBot({ DATA_DIR: dataDir, CONSOLE_CHAT: "on", PORT: String(await freePort()), HOST: "127.0.0.1" });
  await bot.waitFor(/Stagewise coach/);
  bot.child.kill("SIGTERM");
  const code = await bot.exited;
  expect(bot.stderr()).not.toMatch(/Fatal/);
  expect(code).toBe(0);
});
