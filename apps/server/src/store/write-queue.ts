/**
 * Writes the callers do not wait for (audit entries, history entries), one after the other in the
 * order given: a database error is reported to `onError`, never thrown at the caller. Reads that
 * must see them wait for `settled()` first.
 */
export class WriteQueue {
  #tail: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown) => void) {}

  push(write: () => Promise<void>): void {
    this.#tail = this.#tail.then(write).catch((error: unknown) => this.onError(error));
  }

  /** Resolves once every write pushed so far has ended, well or not. */
  settled(): Promise<void> {
    return this.#tail;
  }
}

/**
 * The repository with the named reads waiting first for `settled()`: a read then sees what was
 * handed to a queue before it (GET /jobs a job just created, GET /history an entry just recorded).
 */
export function readsAfter<T extends object>(
  repository: T,
  settled: () => Promise<void>,
  reads: readonly (keyof T & string)[],
): T {
  const out: Record<string, unknown> = { ...(repository as Record<string, unknown>) };
  for (const name of reads) {
    const read = repository[name] as (...args: unknown[]) => Promise<unknown>;
    out[name] = async (...args: unknown[]) => {
      await settled();
      return read(...args);
    };
  }
  return out as T;
}
