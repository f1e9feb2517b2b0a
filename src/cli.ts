#!/usr/bin/env node
// `coach`: the operator's command line (see src/cli/program.ts).
import { runCli } from "./cli/program.js";
import { ConfigError, loadDotEnv } from "./config.js";

// The same .env as the bot, the real environment winning.
try {
  loadDotEnv();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr, env: process.env }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Fatal: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
