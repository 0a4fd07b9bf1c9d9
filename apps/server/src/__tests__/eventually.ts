import { vi } from 'vitest';

/**
 * Asks `read` again (every `intervalMs` of real time: what it waits for is real I/O) until it
 * gives something other than undefined or false, and resolves with it; rejects after `timeoutMs`,
 * naming `what`.
 */
export function eventually<T>(
  read: () => T | Promise<T>,
  what: string,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<Exclude<T, undefined | false>> {
  return vi.waitFor(
    async () => {
      const value = await read();
      if (value === undefined || value === false) throw new Error(`timed out waiting for ${what}`);
      return value as Exclude<T, undefined | false>;
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
}
