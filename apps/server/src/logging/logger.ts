import { pino, type Logger, type DestinationStream, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = LevelWithSilent;

/** Never written, whatever a caller puts in a log entry. */
const REDACTED = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export interface LoggerOptions {
  level?: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON; by default when stdout is a terminal. */
  pretty?: boolean;
  /** Where the lines go (tests); stdout by default. */
  destination?: DestinationStream;
}

/**
 * The service's logger: JSON lines (one object per entry, for journald, Loki, Elasticsearch…), or
 * pretty lines on a terminal. `SUPFLEET_LOG_FORMAT=pretty|json` overrides the choice.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format = process.env.SUPFLEET_LOG_FORMAT;
  const pretty =
    format === 'pretty'
      ? true
      : format === 'json'
        ? false
        : (options.pretty ?? process.stdout.isTTY === true);
  const base = {
    level: options.level ?? 'info',
    base: { service: 'supfleet' },
    redact: { paths: REDACTED, censor: '[redacted]' },
  };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino(
      base,
      pinoPretty({ sync: true, colorize: process.stdout.isTTY === true, ignore: 'pid,hostname,service' }),
    );
  }
  return pino(base);
}

/** A logger that writes nothing (library use, tests that do not look). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
