import { z } from 'zod';
import { conciliationStrategySchema, startingStrategySchema } from '@supfleet/protocol';
import type { InstanceConfig } from '../fleet';
import { parseIni, type IniSection } from './parse-ini';

/**
 * The fleet's settings, as read from the [supfleet] section: which supervisord instances, how to
 * reach and watch them, the rules and the strategies (what the CLI reads too); paths not yet
 * resolved. The server reads the rest of the section (TLS, SMTP, logging, database…) itself.
 */
export interface FleetSettings {
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
}

export class ConfigError extends Error {}

/** The [supfleet] section of a file, with what names a setting in an error. */
export interface ConfigSection {
  /** Every section of the file (the alerts have their own). */
  sections: Map<string, IniSection>;
  /** [supfleet] or [rpcinterface:supvisors]. */
  name: string;
  /** Each setting as written, command-line overrides applied. */
  values: Record<string, string>;
  lineOf: (key: string) => number;
  /** `file:line: [section] key`, or the command-line option that gave the value. */
  where: (key: string) => string;
  /** `file:line: message`: a config error at that line. */
  fail: (line: number, message: string) => never;
}

/** Command-line options that replace a setting of the file. */
export interface ConfigOverrides {
  listen?: string;
  autoStart?: string;
}

/** A TCP port a server can be reached at; to listen on, 0 also means "a free port the system picks". */
export function isPort(text: string, { listen = false } = {}): boolean {
  const port = Number(text);
  return /^\d+$/.test(text) && port >= (listen ? 0 : 1) && port <= 65535;
}

/** Items separated by commas or white space. */
export function splitList(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** supervisord's own spellings of a boolean. */
export const iniBoolean = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'], { error: 'expected true or false' }))
  .transform((value) => ['true', 'yes', 'on', '1'].includes(value));

const SECTION_NAMES = ['supfleet', 'rpcinterface:supvisors'];

/** `<nick>host:port`, `host:port`, `<nick>host` or `host`. */
const INSTANCE_ITEM = /^(?:<([^>]+)>)?([^:<>\s]+)(?::(\d+))?$/;

const fleetSchema = z.object({
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
  starting_strategy: startingStrategySchema.default('CONFIG'),
  conciliation_strategy: conciliationStrategySchema.default('USER'),
  auto_start: iniBoolean.default(false),
  username: z.string().optional(),
  password: z.string().optional(),
  api_username: z.string().min(1).optional(),
  api_password: z.string().min(1).optional(),
  local_node: z.string().optional(),
});

/** Finds the [supfleet] section (or Supvisors' [rpcinterface:supvisors]) of a supervisord-style file. */
export function readConfigSection(
  text: string,
  file: string,
  overrides: ConfigOverrides = {},
): ConfigSection {
  let sections: Map<string, IniSection>;
  try {
    sections = parseIni(text);
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
  const section = SECTION_NAMES.map((name) => sections.get(name)).find((s) => s !== undefined);
  if (!section) throw new ConfigError(`${file}: no [supfleet] section`);
  const values = Object.fromEntries([...section.values].map(([key, { value }]) => [key, value]));
  if (overrides.listen) values.listen = overrides.listen;
  if (overrides.autoStart !== undefined) values.auto_start = overrides.autoStart;
  const lineOf = (key: string) => section.values.get(key)?.line ?? section.line;
  return {
    sections,
    name: section.name,
    values,
    lineOf,
    where: (key) =>
      key === 'listen' && overrides.listen
        ? '--listen'
        : key === 'auto_start' && overrides.autoStart !== undefined
          ? '--auto-start'
          : `${file}:${lineOf(key)}: [${section.name}] ${key}`,
    fail: (line, message) => {
      throw new ConfigError(`${file}:${line}: ${message}`);
    },
  };
}

/** The section's settings that `schema` knows, checked; every problem named by file, line and key. */
export function sectionSettings<T extends z.ZodType>(section: ConfigSection, schema: T): z.infer<T> {
  const parsed = schema.safeParse(section.values);
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map(
    (issue) => `${section.where(String(issue.path[0] ?? ''))}: ${issue.message}`,
  );
  throw new ConfigError(messages.join('\n'));
}

/** The fleet's settings of a [supfleet] section. `host` is the local host name, the default instance list as in Supvisors. */
export function fleetSettings(section: ConfigSection, host: string): FleetSettings {
  const settings = sectionSettings(section, fleetSchema);
  const { lineOf, fail } = section;
  const instances = parseInstances(settings.supvisors_list ?? host, inetHttpServerPort(section), (message) =>
    fail(lineOf('supvisors_list'), message),
  );
  const [listenHost, listenPort] = settings.listen.split(':') as [string, string];
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
    startingStrategy: settings.starting_strategy,
    conciliationStrategy: settings.conciliation_strategy,
    autoStart: settings.auto_start,
    supervisor: { username: settings.username, password: settings.password },
    api: apiCredentials(settings.api_username, settings.api_password, (message) =>
      fail(lineOf('api_username'), message),
    ),
    localNode: settings.local_node ?? host,
  };
}

/** Reads the fleet's part of the [supfleet] section of a supervisord-style file (what the CLI needs). */
export function parseFleetConfig(
  text: string,
  file: string,
  options: { host: string } & ConfigOverrides,
): FleetSettings {
  return fleetSettings(readConfigSection(text, file, options), options.host);
}

function parseInstances(
  list: string,
  defaultPort: number | null,
  fail: (message: string) => never,
): InstanceConfig[] {
  const instances = splitList(list).map((item) => {
    const match = INSTANCE_ITEM.exec(item);
    if (!match) fail(`supvisors_list: cannot read "${item}" (expected <nick>host:port)`);
    const [, nick, host, port] = match as unknown as [string, string | undefined, string, string | undefined];
    if (port !== undefined && !isPort(port)) fail(`supvisors_list: port of "${item}" must be 1 to 65535`);
    const portNumber = port ? Number(port) : defaultPort;
    if (portNumber === null)
      fail(`supvisors_list: "${item}" has no port and the file has no [inet_http_server] port`);
    return { id: nick ?? host, host, port: portNumber, node: host };
  });
  const seen = new Set<string>();
  for (const instance of instances) {
    if (seen.has(instance.id)) fail(`supvisors_list: "${instance.id}" is listed twice`);
    seen.add(instance.id);
  }
  if (instances.length === 0) fail('supvisors_list is empty');
  return instances;
}

function inetHttpServerPort({ sections, fail }: ConfigSection): number | null {
  const entry = sections.get('inet_http_server')?.values.get('port');
  const match = entry ? /:(\d+)$/.exec(entry.value) : null;
  if (!entry || !match) return null;
  if (!isPort(match[1]!)) fail(entry.line, `[inet_http_server] port: "${entry.value}" must be 1 to 65535`);
  return Number(match[1]);
}

function apiCredentials(
  username: string | undefined,
  password: string | undefined,
  fail: (message: string) => never,
): FleetSettings['api'] {
  if (username === undefined && password === undefined) return null;
  if (username === undefined || password === undefined) fail('api_username and api_password go together');
  return { username, password };
}
