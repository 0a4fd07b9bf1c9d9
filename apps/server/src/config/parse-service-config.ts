import { z } from 'zod';
import {
  fleetSettings,
  iniBoolean,
  isPort,
  readConfigSection,
  sectionSettings,
  splitList,
  type ConfigOverrides,
  type ConfigSection,
  type FleetSettings,
} from '@supfleet/core';
import { LOG_LEVELS, type LogLevel } from '../logging/logger';
import { parseAlerts, type AlertConfig, type SmtpConfig } from './parse-alerts';

/**
 * The service's settings, as read from the [supfleet] section: the fleet's (core reads them, as the
 * CLI does) and how the service itself runs; paths not yet resolved.
 */
export interface ServiceSettings extends FleetSettings {
  /** How many finished jobs the database keeps (the oldest go first). */
  jobRetention: number;
  /** On SIGTERM, how long running jobs may go on before they are marked interrupted. */
  shutdownGraceMs: number;
  /** Directory of the database (users, audit, jobs, history), as written; undefined: the default beside the file. */
  dataDir: string | undefined;
  /** `database_url`: the store on PostgreSQL instead of SQLite in dataDir; null without it. */
  database: DatabaseSettings | null;
  /** `replica_name`: this replica among those sharing the database; by default `host:port` (host name, listen port). */
  replicaName: string;
  /** `lease_ttl`: the leader's term; it renews every third of it, and a replica that cannot stops leading before it ends. */
  leaseTtlMs: number;
  /** Least level of the service's log lines. */
  logLevel: LogLevel;
  /** How long the history keeps its entries. */
  historyRetentionMs: number;
  /** The `[supfleet:alert:NAME]` sections. */
  alerts: AlertConfig[];
  /** smtp_* settings, for the email alerts; null without smtp_host. */
  smtp: SmtpConfig | null;
  /** Sessions, allowed Host names, HTTPS, reverse proxy, audit retention (docs/security.md). */
  security: SecuritySettings;
}

export interface DatabaseSettings {
  /** `postgresql://user@host:port/database`, as written (its password, if any, still in it). */
  url: string;
  /** `database_password_file`, as written: relative to the file's directory. */
  passwordFile: string | undefined;
}

export interface SecuritySettings {
  /** How long a login session lasts. */
  sessionTtlMs: number;
  /** Names a request's Host may carry (without port); null: the listen address, localhost, 127.0.0.1, [::1]. */
  allowedHosts: string[] | null;
  /** HTTPS certificate and key (PEM files), as written: relative to the file's directory. */
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  /** Express's `trust proxy`: false, true, a hop count or a list of addresses / subnets. */
  trustProxy: boolean | number | string[];
  /** Audit entries older than this are deleted. */
  auditRetentionDays: number;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  sessionTtlMs: 12 * 3600_000,
  allowedHosts: null,
  tlsCert: undefined,
  tlsKey: undefined,
  trustProxy: false,
  auditRetentionDays: 90,
};

const serviceSchema = z.object({
  job_retention: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  shutdown_grace: z.coerce.number().min(0).max(3600).default(10),
  data_dir: z.string().min(1).optional(),
  database_url: z
    .string()
    .trim()
    .min(1)
    .superRefine((value, context) => {
      const problem = databaseUrlProblem(value);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  database_password_file: z.string().min(1).optional(),
  replica_name: z.string().trim().min(1).max(200).optional(),
  lease_ttl: z.coerce.number().min(1).max(600).default(6),
  log_level: z.enum(LOG_LEVELS).default('info'),
  history_retention: z.coerce.number().positive().max(3650).default(14),
  smtp_host: z.string().min(1).optional(),
  smtp_port: z.coerce.number().int().min(1).max(65535).optional(),
  smtp_secure: iniBoolean.default(false),
  smtp_username: z.string().min(1).optional(),
  smtp_password: z.string().min(1).optional(),
  smtp_from: z.string().min(3).optional(),
  session_ttl: z
    .string()
    .regex(/^\d+(\.\d+)?\s*[smhd]?$/, 'expected a duration: seconds, or a number followed by s, m, h or d')
    .optional(),
  allowed_hosts: z.string().optional(),
  tls_cert: z.string().min(1).optional(),
  tls_key: z.string().min(1).optional(),
  trust_proxy: z.string().min(1).optional(),
  audit_retention_days: z.coerce.number().int().positive().max(36500).default(90),
});

type Settings = z.infer<typeof serviceSchema>;

/**
 * Reads the [supfleet] section (or Supvisors' [rpcinterface:supvisors]) of a supervisord-style
 * file: the fleet's settings (core), then the service's own. `host` is the local host name.
 */
export function parseServiceConfig(
  text: string,
  file: string,
  options: { host: string } & ConfigOverrides,
): ServiceSettings {
  const section = readConfigSection(text, file, options);
  const fleet = fleetSettings(section, options.host);
  const settings = sectionSettings(section, serviceSchema);
  const smtp = smtpConfig(settings, section);
  return {
    ...fleet,
    jobRetention: settings.job_retention,
    shutdownGraceMs: settings.shutdown_grace * 1000,
    dataDir: settings.data_dir,
    database: database(settings, section),
    replicaName: settings.replica_name ?? `${options.host}:${fleet.listen.port}`,
    leaseTtlMs: settings.lease_ttl * 1000,
    logLevel: settings.log_level,
    historyRetentionMs: settings.history_retention * 86_400_000,
    alerts: parseAlerts(section.sections, smtp, section.fail),
    smtp,
    security: security(settings, section),
  };
}

/**
 * What is wrong with a database_url, or undefined. Never repeats the value: it may hold a password.
 */
export function databaseUrlProblem(value: string): string | undefined {
  const expected = 'expected postgresql://user@host:port/database';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
  if (scheme === undefined) return `cannot read it: ${expected}`;
  if (!['postgresql', 'postgres'].includes(scheme.toLowerCase())) {
    return (
      `the scheme must be postgresql:// (not ${scheme}://): ${expected}; ` +
      'for SQLite, the default, leave database_url out (data_dir says where)'
    );
  }
  // userinfo@ host :port /database ?params
  const parts =
    /^[^:]+:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?(?:\/([^?#]*))?(\?[^#]*)?$/.exec(value);
  if (!parts) return `cannot read it: ${expected}`;
  const [, host, port, name, query] = parts;
  if (port !== undefined && !isPort(port)) return `the port must be 1 to 65535: ${expected}`;
  if (!host && !/[?&]host=/.test(query ?? '')) return `no host: ${expected}`;
  if (!name) return `no database name: ${expected}`;
  return undefined;
}

function smtpConfig(settings: Settings, { lineOf, fail, name }: ConfigSection): SmtpConfig | null {
  if (settings.smtp_host === undefined) return null;
  const from = settings.smtp_from ?? fail(lineOf('smtp_host'), `[${name}] smtp_host needs smtp_from`);
  return {
    host: settings.smtp_host,
    port: settings.smtp_port ?? (settings.smtp_secure ? 465 : 587),
    secure: settings.smtp_secure,
    username: settings.smtp_username ?? null,
    password: settings.smtp_password ?? null,
    from,
  };
}

function database(settings: Settings, { lineOf, fail }: ConfigSection): DatabaseSettings | null {
  if (settings.database_url === undefined) {
    if (settings.database_password_file !== undefined)
      fail(lineOf('database_password_file'), 'database_password_file needs database_url');
    return null;
  }
  return { url: settings.database_url, passwordFile: settings.database_password_file };
}

const DURATION_UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/** `3600`, `90s`, `30m`, `12h`, `7d` in milliseconds. */
function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(text.trim())!;
  return Number(match[1]) * DURATION_UNIT_MS[match[2] || 's']!;
}

/** Express's spellings: a boolean, a number of hops, or a list of addresses / subnets / names (loopback, uniquelocal…). */
function trustProxy(text: string | undefined): SecuritySettings['trustProxy'] {
  if (text === undefined) return false;
  const value = text.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(value)) return true;
  if (['false', 'no', 'off'].includes(value)) return false;
  if (/^\d+$/.test(value)) return Number(value);
  return splitList(text);
}

function security(settings: Settings, { lineOf, fail }: ConfigSection): SecuritySettings {
  if ((settings.tls_cert === undefined) !== (settings.tls_key === undefined))
    fail(lineOf(settings.tls_cert ? 'tls_cert' : 'tls_key'), 'tls_cert and tls_key go together');
  const sessionTtlMs =
    settings.session_ttl === undefined ? DEFAULT_SECURITY.sessionTtlMs : durationMs(settings.session_ttl);
  if (sessionTtlMs <= 0) fail(lineOf('session_ttl'), 'session_ttl must be positive');
  return {
    sessionTtlMs,
    allowedHosts:
      settings.allowed_hosts === undefined
        ? null
        : splitList(settings.allowed_hosts).map((h) => h.toLowerCase()),
    tlsCert: settings.tls_cert,
    tlsKey: settings.tls_key,
    trustProxy: trustProxy(settings.trust_proxy),
    auditRetentionDays: settings.audit_retention_days,
  };
}
