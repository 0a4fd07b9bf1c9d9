import { z } from 'zod';
import { conciliationStrategySchema, startingStrategySchema } from '@supfleet/protocol';
import type { InstanceConfig } from '../fleet';
import { parseIni, type IniSection } from './parse-ini';
import { parseAlerts, type AlertConfig, type SmtpConfig } from './parse-alerts';

/** The service's settings, as read from the [supfleet] section; paths not yet resolved. */
export interface ServiceSettings {
  instances: InstanceConfig[];
  /** As written in the file: relative paths are relative to the file's directory. */
  rulesFiles: string[];
  listen: { host: string; port: number };
  pollPeriodMs: number;
  /** Poll period while a job runs, so staged starts advance quickly. */
  fastPollPeriodMs: number;
  /** While an instance's node agent is alive: period of the full poll (a tiny liveness call keeps poll_period). */
  resyncPeriodMs: number;
  /** Timeout of one XML-RPC call; a supervisord that does not answer in time is SILENT. */
  rpcTimeoutMs: number;
  /** How long a call may stay unanswered before the instance is SILENT "not answering" (processes stale). */
  silentAfterMs: number;
  /** How long an instance may answer nothing before it is lost: its processes FATAL, failure strategies applied. */
  lostAfterMs: number;
  /** How many finished jobs the database keeps (the oldest go first). */
  jobRetention: number;
  /** On SIGTERM, how long running jobs may go on before they are marked interrupted. */
  shutdownGraceMs: number;
  startingStrategy: z.infer<typeof startingStrategySchema>;
  conciliationStrategy: z.infer<typeof conciliationStrategySchema>;
  /** Start the applications by start_sequence once every instance is RUNNING, and repair them when an instance comes back. */
  autoStart: boolean;
  /** Credentials supfleet uses to call the supervisord instances. */
  supervisor: { username?: string; password?: string };
  /** Credentials the service's own API asks of its clients (HTTP basic); null: no check. */
  api: { username: string; password: string } | null;
  /** Node of the service itself, for the LOCAL strategy. */
  localNode: string;
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

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

/** A TCP port a server can be reached at; to listen on, 0 also means "a free port the system picks". */
function isPort(text: string, { listen = false } = {}): boolean {
  const port = Number(text);
  return /^\d+$/.test(text) && port >= (listen ? 0 : 1) && port <= 65535;
}

const SECTION_NAMES = ['supfleet', 'rpcinterface:supvisors'];

/** `<nick>host:port`, `host:port`, `<nick>host` or `host`. */
const INSTANCE_ITEM = /^(?:<([^>]+)>)?([^:<>\s]+)(?::(\d+))?$/;

/** supervisord's own spellings of a boolean. */
const iniBoolean = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'], { error: 'expected true or false' }))
  .transform((value) => ['true', 'yes', 'on', '1'].includes(value));

const settingsSchema = z.object({
  supvisors_list: z.string().optional(),
  rules_files: z.string().optional(),
  listen: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'expected host:port')
    .refine((value) => isPort(value.slice(value.lastIndexOf(':') + 1), { listen: true }), {
      error: (issue) => `port of "${String(issue.input)}" must be 1 to 65535 (or 0: any free port)`,
    })
    .default('127.0.0.1:61100'),
  poll_period: z.coerce.number().positive().max(60).default(1),
  fast_poll_period: z.coerce.number().positive().max(60).default(0.2),
  resync_period: z.coerce.number().positive().max(3600).default(10),
  rpc_timeout: z.coerce.number().positive().max(120).default(2.5),
  silent_after: z.coerce.number().min(0).max(600).default(1.5),
  lost_after: z.coerce.number().min(0).max(3600).default(10),
  job_retention: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  shutdown_grace: z.coerce.number().min(0).max(3600).default(10),
  starting_strategy: startingStrategySchema.default('CONFIG'),
  conciliation_strategy: conciliationStrategySchema.default('USER'),
  auto_start: iniBoolean.default(false),
  username: z.string().optional(),
  password: z.string().optional(),
  api_username: z.string().min(1).optional(),
  api_password: z.string().min(1).optional(),
  local_node: z.string().optional(),
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

/**
 * Reads the [supfleet] section (or Supvisors' [rpcinterface:supvisors]) of a supervisord-style
 * file. `host` is the local host name, the default instance list as in Supvisors.
 */
export function parseServiceConfig(
  text: string,
  file: string,
  options: { host: string; listen?: string; autoStart?: string },
): ServiceSettings {
  let sections: Map<string, IniSection>;
  try {
    sections = parseIni(text);
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
  const section = SECTION_NAMES.map((name) => sections.get(name)).find((s) => s !== undefined);
  if (!section) throw new ConfigError(`${file}: no [supfleet] section`);

  const raw = Object.fromEntries([...section.values].map(([key, { value }]) => [key, value]));
  if (options.listen) raw.listen = options.listen;
  if (options.autoStart !== undefined) raw.auto_start = options.autoStart;
  const lineOf = (key: string) => section.values.get(key)?.line ?? section.line;
  const where = (key: string) =>
    key === 'listen' && options.listen
      ? '--listen'
      : key === 'auto_start' && options.autoStart !== undefined
        ? '--auto-start'
        : `${file}:${lineOf(key)}: [${section.name}] ${key}`;
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${where(key)}: ${issue.message}`;
    });
    throw new ConfigError(messages.join('\n'));
  }
  const settings = parsed.data;
  const instances = parseInstances(
    settings.supvisors_list ?? options.host,
    inetHttpServerPort(sections, file),
    `${file}:${lineOf('supvisors_list')}`,
  );
  const [listenHost, listenPort] = settings.listen.split(':') as [string, string];
  if (settings.smtp_host !== undefined && settings.smtp_from === undefined)
    throw new ConfigError(`${file}:${lineOf('smtp_host')}: [${section.name}] smtp_host needs smtp_from`);
  const smtp: SmtpConfig | null =
    settings.smtp_host === undefined
      ? null
      : {
          host: settings.smtp_host,
          port: settings.smtp_port ?? (settings.smtp_secure ? 465 : 587),
          secure: settings.smtp_secure,
          username: settings.smtp_username ?? null,
          password: settings.smtp_password ?? null,
          from: settings.smtp_from!,
        };
  const alerts = parseAlerts(sections, smtp, (line, message) => {
    throw new ConfigError(`${file}:${line}: ${message}`);
  });

  return {
    instances,
    rulesFiles: splitList(settings.rules_files ?? ''),
    listen: { host: listenHost, port: Number(listenPort) },
    pollPeriodMs: settings.poll_period * 1000,
    fastPollPeriodMs: settings.fast_poll_period * 1000,
    resyncPeriodMs: settings.resync_period * 1000,
    rpcTimeoutMs: settings.rpc_timeout * 1000,
    silentAfterMs: settings.silent_after * 1000,
    lostAfterMs: settings.lost_after * 1000,
    jobRetention: settings.job_retention,
    shutdownGraceMs: settings.shutdown_grace * 1000,
    startingStrategy: settings.starting_strategy,
    conciliationStrategy: settings.conciliation_strategy,
    autoStart: settings.auto_start,
    supervisor: { username: settings.username, password: settings.password },
    api: apiCredentials(settings.api_username, settings.api_password, `${file}:${lineOf('api_username')}`),
    localNode: settings.local_node ?? options.host,
    dataDir: settings.data_dir,
    database: database(settings, file, lineOf),
    replicaName: settings.replica_name ?? `${options.host}:${listenPort}`,
    leaseTtlMs: settings.lease_ttl * 1000,
    logLevel: settings.log_level,
    historyRetentionMs: settings.history_retention * 86_400_000,
    alerts,
    smtp,
    security: security(settings, file, lineOf),
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

function database(
  settings: z.infer<typeof settingsSchema>,
  file: string,
  lineOf: (key: string) => number,
): DatabaseSettings | null {
  if (settings.database_url === undefined) {
    if (settings.database_password_file !== undefined) {
      throw new ConfigError(
        `${file}:${lineOf('database_password_file')}: database_password_file needs database_url`,
      );
    }
    return null;
  }
  return { url: settings.database_url, passwordFile: settings.database_password_file };
}

function security(
  settings: z.infer<typeof settingsSchema>,
  file: string,
  lineOf: (key: string) => number,
): SecuritySettings {
  if ((settings.tls_cert === undefined) !== (settings.tls_key === undefined)) {
    throw new ConfigError(
      `${file}:${lineOf(settings.tls_cert ? 'tls_cert' : 'tls_key')}: tls_cert and tls_key go together`,
    );
  }
  const sessionTtlMs =
    settings.session_ttl === undefined ? DEFAULT_SECURITY.sessionTtlMs : durationMs(settings.session_ttl);
  if (sessionTtlMs <= 0)
    throw new ConfigError(`${file}:${lineOf('session_ttl')}: session_ttl must be positive`);
  const hosts =
    settings.allowed_hosts === undefined
      ? null
      : splitList(settings.allowed_hosts).map((h) => h.toLowerCase());
  return {
    sessionTtlMs,
    allowedHosts: hosts,
    tlsCert: settings.tls_cert,
    tlsKey: settings.tls_key,
    trustProxy: trustProxy(settings.trust_proxy),
    auditRetentionDays: settings.audit_retention_days,
  };
}

function parseInstances(list: string, defaultPort: number | null, where: string): InstanceConfig[] {
  const instances = splitList(list).map((item) => {
    const match = INSTANCE_ITEM.exec(item);
    if (!match)
      throw new ConfigError(`${where}: supvisors_list: cannot read "${item}" (expected <nick>host:port)`);
    const [, nick, host, port] = match as unknown as [string, string | undefined, string, string | undefined];
    if (port !== undefined && !isPort(port)) {
      throw new ConfigError(`${where}: supvisors_list: port of "${item}" must be 1 to 65535`);
    }
    const portNumber = port ? Number(port) : defaultPort;
    if (portNumber === null) {
      throw new ConfigError(
        `${where}: supvisors_list: "${item}" has no port and the file has no [inet_http_server] port`,
      );
    }
    return { id: nick ?? host, host, port: portNumber, node: host };
  });
  const seen = new Set<string>();
  for (const instance of instances) {
    if (seen.has(instance.id))
      throw new ConfigError(`${where}: supvisors_list: "${instance.id}" is listed twice`);
    seen.add(instance.id);
  }
  if (instances.length === 0) throw new ConfigError(`${where}: supvisors_list is empty`);
  return instances;
}

function inetHttpServerPort(sections: Map<string, IniSection>, file: string): number | null {
  const entry = sections.get('inet_http_server')?.values.get('port');
  const match = entry ? /:(\d+)$/.exec(entry.value) : null;
  if (!entry || !match) return null;
  if (!isPort(match[1]!)) {
    throw new ConfigError(
      `${file}:${entry.line}: [inet_http_server] port: "${entry.value}" must be 1 to 65535`,
    );
  }
  return Number(match[1]);
}

function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function apiCredentials(
  username: string | undefined,
  password: string | undefined,
  where: string,
): ServiceSettings['api'] {
  if (username === undefined && password === undefined) return null;
  if (username === undefined || password === undefined) {
    throw new ConfigError(`${where}: api_username and api_password go together`);
  }
  return { username, password };
}
