import type { Clock } from '../clock/clock';
import type { LoginFailureRepository } from '../store/login-failures';

/** How many failures a key may have within the window before it must wait. */
export interface FailureLimit {
  max: number;
  windowMs: number;
}

const BY_ADDRESS: FailureLimit = { max: 30, windowMs: 5 * 60_000 };
const BY_USER: FailureLimit = { max: 10, windowMs: 5 * 60_000 };
/** Failures older than every window count for nothing: the store forgets them. */
const KEPT_MS = Math.max(BY_ADDRESS.windowMs, BY_USER.windowMs);

/**
 * 0 when the key may try now, else the milliseconds until it may: the key's failures within the
 * window (newest first, at most `max`) wait until the oldest of the last `max` leaves the window.
 */
export function retryAfterMs(newestFirst: readonly number[], limit: FailureLimit, now: number): number {
  if (newestFirst.length < limit.max) return 0;
  return newestFirst[limit.max - 1]! + limit.windowMs - now;
}

/**
 * Failed logins per address and per user name (POST /session, HTTP basic, bearer tokens), kept in
 * the store so that replicas sharing PostgreSQL count them together. A store that cannot answer
 * rejects the call (503): a login whose limits cannot be checked does not go on.
 */
export class LoginLimiter {
  readonly #failures: LoginFailureRepository;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(failures: LoginFailureRepository, clock: Pick<Clock, 'now'>) {
    this.#failures = failures;
    this.#clock = clock;
  }

  /** Whole seconds to wait (for Retry-After), 0 when the attempt may go on. */
  async retryAfterSeconds(address: string, username: string | null): Promise<number> {
    const now = this.#clock.now();
    const waits = await Promise.all([
      this.#wait(addressKey(address), BY_ADDRESS, now),
      username === null ? 0 : this.#wait(userKey(username), BY_USER, now),
    ]);
    const ms = Math.max(...waits);
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  async fail(address: string, username: string | null): Promise<void> {
    const now = this.#clock.now();
    const keys = username === null ? [addressKey(address)] : [addressKey(address), userKey(username)];
    await this.#failures.add(keys, now, now - KEPT_MS);
  }

  /** Clears the user's count only: a success of one account must not reset an address that guesses others. */
  async succeed(username: string): Promise<void> {
    await this.#failures.clear(userKey(username));
  }

  async #wait(key: string, limit: FailureLimit, now: number): Promise<number> {
    return retryAfterMs(await this.#failures.recent(key, now - limit.windowMs, limit.max), limit, now);
  }
}

const addressKey = (address: string) => `address:${address}`;
const userKey = (username: string) => `user:${username.toLowerCase()}`;
