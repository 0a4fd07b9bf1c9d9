import { z } from 'zod';
import type { IniSection } from '@supfleet/core';

export const ALERT_EVENTS = ['application', 'instance', 'job', 'conflict'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** One `[supfleet:alert:NAME]` section. */
export interface AlertConfig {
  name: string;
  channel: 'webhook' | 'slack' | 'email';
  /** webhook and slack: where to POST. */
  url: string | null;
  /** email: the recipients. */
  to: string[];
  /** webhook: the HMAC-SHA256 key of the X-Supfleet-Signature header; null: not signed. */
  secret: string | null;
  events: AlertEvent[];
  /** Only these applications' LED, jobs and conflicts; null: every managed application. */
  applications: string[] | null;
  /** A change undone within this time alerts nothing. */
  debounceMs: number;
}

/** The SMTP server of the email alerts: smtp_* settings of [supfleet]. */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  username: string | null;
  password: string | null;
  from: string;
}

/** Long enough that a supervisord restarted by hand (supervisorctl reload) or a node rebooting quickly alerts nothing. */
export const DEFAULT_ALERT_DEBOUNCE_S = 30;

export const ALERT_SECTION_PREFIX = 'supfleet:alert:';

const list = (value: string) =>
  value
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');

const alertSchema = z
  .object({
    channel: z.enum(['webhook', 'slack', 'email']),
    url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
    to: z.string().optional(),
    secret: z.string().min(1).optional(),
    events: z
      .string()
      .transform(list)
      .pipe(z.array(z.enum(ALERT_EVENTS, { error: `expected some of ${ALERT_EVENTS.join(', ')}` })).min(1))
      .optional(),
    applications: z.string().transform(list).optional(),
    debounce: z.coerce.number().min(0).max(3600).optional(),
  })
  .strict();

/**
 * Reads every `[supfleet:alert:NAME]` section. `fail(line, message)` throws the config error that
 * names the file and line.
 */
export function parseAlerts(
  sections: Map<string, IniSection>,
  smtp: SmtpConfig | null,
  fail: (line: number, message: string) => never,
): AlertConfig[] {
  const alerts: AlertConfig[] = [];
  for (const section of sections.values()) {
    if (!section.name.startsWith(ALERT_SECTION_PREFIX)) continue;
    const name = section.name.slice(ALERT_SECTION_PREFIX.length);
    const lineOf = (key: string) => section.values.get(key)?.line ?? section.line;
    if (!/^[\w.-]+$/.test(name))
      fail(section.line, `[${section.name}]: the alert name is letters, digits, . _ - only`);
    const raw = Object.fromEntries([...section.values].map(([key, { value }]) => [key, value]));
    const parsed = alertSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? 'channel');
      fail(
        lineOf(key),
        `[${section.name}] ${key}: ${issue.code === 'unrecognized_keys' ? 'unknown setting' : issue.message}`,
      );
    }
    const settings = parsed.data;
    const needs = (key: 'url' | 'to') => {
      if (settings[key] === undefined)
        fail(section.line, `[${section.name}]: channel ${settings.channel} needs ${key}`);
    };
    if (settings.channel === 'email') {
      needs('to');
      if (!smtp)
        fail(
          lineOf('channel'),
          `[${section.name}]: channel email needs smtp_host and smtp_from in [supfleet]`,
        );
    } else needs('url');
    alerts.push({
      name,
      channel: settings.channel,
      url: settings.url ?? null,
      to: settings.to ? list(settings.to) : [],
      secret: settings.secret ?? null,
      events: settings.events ?? [...ALERT_EVENTS],
      applications: settings.applications && settings.applications.length > 0 ? settings.applications : null,
      debounceMs: (settings.debounce ?? DEFAULT_ALERT_DEBOUNCE_S) * 1000,
    });
  }
  return alerts;
}
