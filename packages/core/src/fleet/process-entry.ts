import { isRunningLike, processStateFromCode } from '@supfleet/protocol';
import type { ProcessOnInstance, SupervisordConfigInfo, SupervisordProcessInfo } from '@supfleet/protocol';

/** Always "group:name", even where supervisord would shorten a lone program to "name". */
export function namespecOf(group: string, name: string): string {
  return `${group}:${name}`;
}

export function splitNamespec(namespec: string): { application: string; name: string } {
  const colon = namespec.indexOf(':');
  return colon < 0
    ? { application: namespec, name: namespec }
    : { application: namespec.slice(0, colon), name: namespec.slice(colon + 1) };
}

/**
 * What one instance says about one process. Two derived fields keep a repeated poll equal
 * to the previous one, so that nothing is pushed when nothing moved:
 * - updatedAt comes from supervisord's own start/stop times, not from the poll time;
 * - a RUNNING description loses its ", uptime h:mm:ss" (it changes every second; `start` gives it).
 * updatedAt of a stopped-like process is the later of start and stop: a spawn error sets
 * only the start time, and that attempt is the latest event.
 */
export function processEntry(
  instance: string,
  info: SupervisordProcessInfo,
  config: SupervisordConfigInfo | undefined,
): ProcessOnInstance {
  const state = processStateFromCode(info.state);
  const seconds = isRunningLike(state) ? info.start : Math.max(info.start, info.stop);
  return {
    instance,
    state,
    description: state === 'RUNNING' ? info.description.replace(/, uptime .*$/, '') : info.description,
    pid: info.pid,
    start: info.start,
    stop: info.stop,
    exitStatus: info.exitstatus,
    expectedExit: state === 'EXITED' && (config?.exitcodes ?? []).includes(info.exitstatus),
    spawnErr: info.spawnerr,
    updatedAt: seconds * 1000,
  };
}

/** An instance defines the program but did not report it: say so rather than guess STOPPED. */
export function unreportedEntry(instance: string): ProcessOnInstance {
  return {
    instance,
    state: 'UNKNOWN',
    description: `not reported by ${instance}`,
    pid: 0,
    start: 0,
    stop: 0,
    exitStatus: 0,
    expectedExit: false,
    spawnErr: '',
    updatedAt: 0,
  };
}

/**
 * SPEC section 2: what was running on a lost instance is FATAL there. STOPPING counts too:
 * that process was still alive and nobody will see it stop now.
 */
export function lostEntry(entry: ProcessOnInstance, at: number): ProcessOnInstance {
  if (!isRunningLike(entry.state) && entry.state !== 'STOPPING') {
    return entry.staleSince === undefined ? entry : fresh(entry);
  }
  return {
    ...fresh(entry),
    state: 'FATAL',
    description: `instance ${entry.instance} lost`,
    pid: 0,
    expectedExit: false,
    updatedAt: at,
  };
}

/** The entry without its stale mark. */
function fresh(entry: ProcessOnInstance): ProcessOnInstance {
  const copy = { ...entry };
  delete copy.staleSince;
  return copy;
}
