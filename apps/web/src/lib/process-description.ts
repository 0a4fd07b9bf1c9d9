import type { Process } from '@supfleet/protocol';
import { formatStopTime, formatUptime } from './format-uptime';

// The server drops supervisord's `, uptime h:mm:ss` (it would change every second); accept both.
const SUPERVISORD_RUNNING = /^pid \d+(, uptime .*)?$/;

/**
 * The description column: supervisord's own text, except that the uptime of a RUNNING process
 * is computed here from its start time, so it ticks between two updates from the server.
 */
export function processDescription(process: Process, nowSeconds: number): string {
  const uptime = runningSince(process);
  if (uptime) return `pid ${uptime.pid}, uptime ${formatUptime(nowSeconds - uptime.start)}`;
  const info = process.instances.find((i) => i.instance === process.instance);
  if (process.description !== '') return process.description;
  if ((process.state === 'STOPPED' || process.state === 'EXITED') && info) {
    return info.start > 0 && info.stop > 0 ? formatStopTime(info.stop) : 'Not started';
  }
  return '';
}

/**
 * The pid and start time (epoch seconds) of a RUNNING process whose description is
 * supervisord's `pid N, uptime …`: the page writes that uptime itself, ticking. Null otherwise.
 */
export function runningSince(process: Process): { pid: number; start: number } | null {
  if (process.state !== 'RUNNING') return null;
  const info = process.instances.find((i) => i.instance === process.instance);
  if (
    info?.state === 'RUNNING' &&
    info.pid > 0 &&
    info.start > 0 &&
    (process.description === '' || SUPERVISORD_RUNNING.test(process.description))
  ) {
    return { pid: info.pid, start: info.start };
  }
  return null;
}
