import type { AlertEvent } from '../config/parse-alerts';

/** What one alert says, whatever the channel. */
export interface AlertMessage {
  /** The `[supfleet:alert:NAME]` it goes to. */
  alert: string;
  event: AlertEvent;
  /** firing: the cause is there; resolved: it ended. A job failure has no resolved. */
  state: 'firing' | 'resolved';
  /** One line: `scen1 Not Operational`, `rocky53 lost`, `restart of scen1 failed`. */
  summary: string;
  /** More words: the reasons, the error. */
  detail: string;
  application: string | null;
  instance: string | null;
  process: string | null;
  job: string | null;
  /** Epoch ms of the change that caused it. */
  at: number;
}

/** One line for a person (Slack text, e-mail subject). */
export function headline(message: AlertMessage): string {
  return `${message.state === 'resolved' ? 'RESOLVED' : 'ALERT'}: ${message.summary}`;
}
