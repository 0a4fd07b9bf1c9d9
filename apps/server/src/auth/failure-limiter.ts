/** How many failures a key may have within the window before it must wait. */
export interface FailureLimit {
  max: number;
  windowMs: number;
}

/**
 * Counts failures (wrong passwords) per key (an address, a user name) in a sliding window.
 * Past `max` failures, `retryAfterMs` says how long the key must wait; a success clears the key.
 * The clock is injected for tests.
 */
export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #limit: FailureLimit;
  readonly #now: () => number;
  /** The map cannot grow without bound under a spray of addresses or names. */
  readonly #maxKeys: number;

  constructor(limit: FailureLimit, now: () => number = Date.now, maxKeys = 10_000) {
    this.#limit = limit;
    this.#now = now;
    this.#maxKeys = maxKeys;
  }

  /** 0 when the key may try now, else the milliseconds until it may. */
  retryAfterMs(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.#limit.max) return 0;
    return recent[recent.length - this.#limit.max]! + this.#limit.windowMs - this.#now();
  }

  fail(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#now());
    this.#failures.delete(key);
    this.#failures.set(key, recent.slice(-this.#limit.max));
    if (this.#failures.size > this.#maxKeys) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#limit.windowMs;
    return (this.#failures.get(key) ?? []).filter((at) => at > since);
  }
}

/** Failed logins per address and per user name (POST /session, HTTP basic, bearer tokens). */
export class LoginLimiter {
  readonly byAddress: FailureLimiter;
  readonly byUser: FailureLimiter;

  constructor(now: () => number = Date.now) {
    this.byAddress = new FailureLimiter({ max: 30, windowMs: 5 * 60_000 }, now);
    this.byUser = new FailureLimiter({ max: 10, windowMs: 5 * 60_000 }, now);
  }

  /** Whole seconds to wait (for Retry-After), 0 when the attempt may go on. */
  retryAfterSeconds(address: string, username: string | null): number {
    const ms = Math.max(
      this.byAddress.retryAfterMs(address),
      username === null ? 0 : this.byUser.retryAfterMs(username.toLowerCase()),
    );
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  fail(address: string, username: string | null): void {
    this.byAddress.fail(address);
    if (username !== null) this.byUser.fail(username.toLowerCase());
  }

  /** Clears the user's count only: a success of one account must not reset an address that guesses others. */
  succeed(username: string): void {
    this.byUser.succeed(username.toLowerCase());
  }
}
