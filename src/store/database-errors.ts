// What a database error means for the caller: try the same work again, or not.

/**
 * Prisma reports unique violations as P2002, except inside interactive transactions on some
 * driver adapters, where the adapter's own error (PostgreSQL code 23505) comes through; the
 * statements sent on the driver itself (`driverOf`) get the driver's error, code 23505.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown; kind?: unknown; originalCode?: unknown } };
  return code === "P2002" || code === "23505" || cause?.code === "23505" || cause?.originalCode === "23505" || cause?.kind === "UniqueConstraintViolation";
}

/** PostgreSQL connection-class and shutdown codes, and socket errors: the server or the link went away. */
const TRANSIENT_CODES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "P1001",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
]);
// The last two come from the pg driver when a rollback runs on a connection the server already
// terminated: no error code, and the event behind it must be retried, not dropped.
const TRANSIENT_TEXT =
  /Unable to start a transaction in the given time|Connection terminated|terminating connection|Connection ended|server closed the connection|Timed out fetching a new connection|connection error and is not queryable|Client was closed and is not queryable/i;

/** Worth trying again: the database was unreachable or busy for a moment, not wrong about the data. */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === "object" && e !== null && depth < 5; depth++) {
    const { code, originalCode, message, cause } = e as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown };
    if (TRANSIENT_CODES.has(String(code)) || TRANSIENT_CODES.has(String(originalCode))) return true;
    if (typeof message === "string" && TRANSIENT_TEXT.test(message)) return true;
    e = cause;
  }
  return false;
}
