import type { ConfigInfo, LogTail, ProcessInfo, SupervisorState } from './supervisor-types.js';
import { XmlRpcParseError } from './xmlrpc-errors.js';
import { isXmlRpcStruct, type XmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.js';

/*
 * Checks that an answer has the shape supervisord 4.2.5 gives, so the rest of the service can
 * trust the types. A mismatch throws XmlRpcParseError, which the client reports as ProtocolError.
 */

type Kind = 'string' | 'number' | 'boolean';
type KindType<K extends Kind> = K extends 'string' ? string : K extends 'number' ? number : boolean;

function read<K extends Kind>(struct: XmlRpcStruct, key: string, kind: K, what: string): KindType<K> {
  const value = struct[key];
  if (typeof value !== kind) {
    throw new XmlRpcParseError(`${what}: field "${key}" should be a ${kind}, got ${describe(value)}`);
  }
  return value as KindType<K>;
}

function describe(value: XmlRpcValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'a struct' : `${typeof value} ${JSON.stringify(value)}`;
}

function asStruct(value: XmlRpcValue | undefined, what: string): XmlRpcStruct {
  if (!isXmlRpcStruct(value))
    throw new XmlRpcParseError(`${what}: expected a struct, got ${describe(value)}`);
  return value;
}

export function asArray(value: XmlRpcValue | undefined, what: string): XmlRpcValue[] {
  if (!Array.isArray(value)) throw new XmlRpcParseError(`${what}: expected an array, got ${describe(value)}`);
  return value;
}

export function asBoolean(value: XmlRpcValue, what: string): boolean {
  if (typeof value !== 'boolean')
    throw new XmlRpcParseError(`${what}: expected a boolean, got ${describe(value)}`);
  return value;
}

export function asInteger(value: XmlRpcValue | undefined, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new XmlRpcParseError(`${what}: expected an integer, got ${describe(value)}`);
  return value;
}

export function asString(value: XmlRpcValue, what: string): string {
  if (typeof value !== 'string')
    throw new XmlRpcParseError(`${what}: expected a string, got ${describe(value)}`);
  return value;
}

export function decodeState(value: XmlRpcValue | undefined): SupervisorState {
  const struct = asStruct(value, 'getState');
  return {
    statecode: read(struct, 'statecode', 'number', 'getState'),
    statename: read(struct, 'statename', 'string', 'getState'),
  };
}

export function decodeProcessInfo(value: XmlRpcValue | undefined): ProcessInfo {
  const what = 'process info';
  const struct = asStruct(value, what);
  return {
    name: read(struct, 'name', 'string', what),
    group: read(struct, 'group', 'string', what),
    description: read(struct, 'description', 'string', what),
    start: read(struct, 'start', 'number', what),
    stop: read(struct, 'stop', 'number', what),
    now: read(struct, 'now', 'number', what),
    state: read(struct, 'state', 'number', what),
    statename: read(struct, 'statename', 'string', what),
    spawnerr: read(struct, 'spawnerr', 'string', what),
    exitstatus: read(struct, 'exitstatus', 'number', what),
    logfile: read(struct, 'logfile', 'string', what),
    stdout_logfile: read(struct, 'stdout_logfile', 'string', what),
    stderr_logfile: read(struct, 'stderr_logfile', 'string', what),
    pid: read(struct, 'pid', 'number', what),
  };
}

export function decodeProcessInfos(value: XmlRpcValue | undefined): ProcessInfo[] {
  return asArray(value, 'getAllProcessInfo').map(decodeProcessInfo);
}

/** Names that are real values even when they read "none". */
const LITERAL_FIELDS = new Set(['name', 'group', 'command']);

export function decodeConfigInfo(value: XmlRpcValue | undefined): ConfigInfo {
  const what = 'config info';
  const struct = asStruct(value, what);
  const kept = Object.fromEntries(
    Object.entries(struct).map(([key, field]) => [
      key,
      field === 'none' && !LITERAL_FIELDS.has(key) ? null : field,
    ]),
  );
  const exitcodes = asArray(struct.exitcodes, `${what}: exitcodes`);
  if (!exitcodes.every((code) => typeof code === 'number')) {
    throw new XmlRpcParseError(`${what}: exitcodes should be integers`);
  }
  const processPrio = struct.process_prio;
  return {
    ...kept,
    name: read(struct, 'name', 'string', what),
    group: read(struct, 'group', 'string', what),
    autostart: read(struct, 'autostart', 'boolean', what),
    command: read(struct, 'command', 'string', what),
    exitcodes,
    startsecs: read(struct, 'startsecs', 'number', what),
    stopwaitsecs: read(struct, 'stopwaitsecs', 'number', what),
    priority: typeof processPrio === 'number' ? processPrio : read(struct, 'priority', 'number', what),
  };
}

export function decodeConfigInfos(value: XmlRpcValue | undefined): ConfigInfo[] {
  return asArray(value, 'getAllConfigInfo').map(decodeConfigInfo);
}

export function decodeLogTail(value: XmlRpcValue | undefined): LogTail {
  const [bytes, offset, overflow] = asArray(value, 'tail');
  if (typeof bytes !== 'string' || typeof offset !== 'number' || typeof overflow !== 'boolean') {
    throw new XmlRpcParseError('tail: expected [string bytes, int offset, boolean overflow]');
  }
  return { bytes, offset, overflow };
}
