/**
 * The store cannot be opened: a database that refuses, cannot be reached, rejects the password,
 * or holds a schema of a newer supfleet. The message names the setting and is safe to print
 * (never a password); `supfleet serve` prints it on one line and exits 1.
 */
export class StoreOpenError extends Error {}

/** The store answered an error at run time that is not the caller's fault: HTTP 503 with the reason. */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // PostgreSQL: connection exceptions (08), operator intervention (57: shutdown, cannot connect now),
    // insufficient resources (53); Node: the socket; SQLite: busy, I/O, full disk, read-only.
    if (/^(08|57|53)/.test(code)) return true;
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN)$/.test(code))
      return true;
    if (/^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY)/.test(code)) return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|driver has already been destroyed|Cannot use a pool after calling end/i.test(
      message,
    )
  );
}
