// Bolt and its WebClient log through this adapter, so their lines (failed signature checks,
// rate limits, ...) come out as our structured JSON lines at our configured level.
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../log.js";

export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.DEBUG;
  let name = "bolt";
  const line =
    (write: Logger["info"]) =>
    (...parts: unknown[]) => {
      const [first, ...rest] = parts;
      const fields: Record<string, unknown> = { source: name };
      if (rest.length === 1) fields.detail = rest[0];
      else if (rest.length > 1) fields.detail = rest;
      write(first instanceof Error ? first.message : String(first), fields);
    };
  return {
    debug: line((msg, fields) => log.debug(msg, fields)),
    info: line((msg, fields) => log.info(msg, fields)),
    warn: line((msg, fields) => log.warn(msg, fields)),
    error: line((msg, fields) => log.error(msg, fields)),
    // Filtering is our logger's job; Bolt only asks to know the level back.
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: (n) => void (name = n),
  };
}
