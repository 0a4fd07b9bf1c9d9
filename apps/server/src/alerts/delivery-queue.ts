import { systemClock, type Clock, type TimerHandle } from '../clock/clock';
import type { Logger } from '../logging/logger';
import type { AlertMessage } from './alert-message';
import type { Channel } from './alert-channels';

export interface DeliveryOptions {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Wait before the second try; doubled at each try after it. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { attempts: 6, firstDelayMs: 1000, maxDelayMs: 60_000 };

/** Messages waiting beyond this are dropped, oldest first (a receiver down for hours). */
const MAX_QUEUED = 100;

/**
 * Sends the messages of one alert, one at a time and in order, in the background: `send`
 * returns at once, so nothing of the service ever waits on a receiver. A failed try is logged and
 * retried with exponential backoff; after the last one the message is dropped and logged.
 */
export class DeliveryQueue {
  readonly #queue: AlertMessage[] = [];
  #running = false;
  #stopped = false;
  #timer: TimerHandle | undefined;
  #wake: (() => void) | null = null;

  constructor(
    private readonly channel: Channel,
    private readonly log: Logger,
    private readonly options: DeliveryOptions = DEFAULT_DELIVERY,
    private readonly clock: Clock = systemClock,
    private readonly onResult?: (message: AlertMessage, delivered: boolean) => void,
  ) {}

  send(message: AlertMessage): void {
    if (this.#stopped) return;
    this.#queue.push(message);
    while (this.#queue.length > MAX_QUEUED) {
      const dropped = this.#queue.shift()!;
      this.log.error({ summary: dropped.summary }, 'alert dropped: too many waiting');
    }
    if (!this.#running) void this.#drain();
  }

  /** Stops trying; what waits is dropped. */
  stop(): void {
    this.#stopped = true;
    this.clock.cancel(this.#timer);
    this.#wake?.();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (!this.#stopped && this.#queue.length > 0) {
      const message = this.#queue[0]!;
      const delivered = await this.#deliver(message);
      this.#queue.shift();
      this.onResult?.(message, delivered);
    }
    this.#running = false;
  }

  async #deliver(message: AlertMessage): Promise<boolean> {
    let delay = this.options.firstDelayMs;
    for (let attempt = 1; attempt <= this.options.attempts && !this.#stopped; attempt++) {
      try {
        await this.channel(message);
        this.log.info({ state: message.state, summary: message.summary, attempt }, 'alert sent');
        return true;
      } catch (error) {
        const last = attempt === this.options.attempts;
        this.log[last ? 'error' : 'warn'](
          { state: message.state, summary: message.summary, attempt, error: (error as Error).message },
          last ? 'alert not delivered: giving up' : `alert not delivered: retry in ${delay} ms`,
        );
        if (last) return false;
        await this.#sleep(delay);
        delay = Math.min(delay * 2, this.options.maxDelayMs);
      }
    }
    return false;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = this.clock.schedule(resolve, ms).unref();
    });
  }
}
