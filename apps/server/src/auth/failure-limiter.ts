import type { Clock } from '../clock/clock';
import { DomainError } from '../errors';
import { memoryLoginFailures, type LoginFailureRepository } from '../store/login-failures';

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
 * the store so that replicas sharing PostgreSQL count them together. While the store cannot
 * answer, they are counted in this process's memory: the config's `api_username` must still get
 * in then (docs/ha.md), and every other login needs the database anyway (503).
 */
export class LoginLimiter {
  readonly #store: LoginFailureRepository;
  readonly #memory: LoginFailureRepository;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(failures: LoginFailureRepository, clock: Pick<Clock, 'now'>, memory = memoryLoginFailures()) {
    this.#store = failures;
    this.#memory = memory;
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
    await this.#use((failures) => failures.add(keys, now, now - KEPT_MS));
  }

  /** Clears the user's count only: a success of one account must not reset an address that guesses others. */
  async succeed(username: string): Promise<void> {
    await this.#use((failures) => failures.clear(userKey(username)));
  }

  async #wait(key: string, limit: FailureLimit, now: number): Promise<number> {
    const recent = await this.#use((failures) => failures.recent(key, now - limit.windowMs, limit.max));
    return retryAfterMs(recent, limit, now);
  }

  async #use<T>(call: (failures: LoginFailureRepository) => Promise<T>): Promise<T> {
    try {
      return await call(this.#store);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'UNAVAILABLE')) throw error;
      return call(this.#memory);
    }
  }
}

const addressKey = (address: string) => `address:${address}`;
const userKey = (username: string) => `user:${username.toLowerCase()}`;
