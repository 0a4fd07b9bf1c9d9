import { readdirSync, readFileSync } from 'node:fs';

/** A process as seen in /proc; the start time tells a reused pid from the original. */
export interface ProcessRecord {
  pid: number;
  ppid: number;
  pgrp: number;
  startTime: string;
}

function readStat(pid: number): ProcessRecord | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [ppid, pgrp, startTime] = [fields[1], fields[2], fields[19]];
  if (ppid === undefined || pgrp === undefined || startTime === undefined) return undefined;
  return { pid, ppid: Number(ppid), pgrp: Number(pgrp), startTime };
}

/**
 * Every process below `rootPid`. supervisord puts each child in a process group of its own
 * (setpgrp), so killing supervisord's group does not reach them: they have to be listed, and
 * listed before supervisord dies, since orphans are re-parented to init. Linux only.
 */
export function listDescendants(rootPid: number): ProcessRecord[] {
  const byParent = new Map<number, ProcessRecord[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const record = readStat(Number(entry));
    if (!record) continue;
    const siblings = byParent.get(record.ppid) ?? [];
    siblings.push(record);
    byParent.set(record.ppid, siblings);
  }
  const found: ProcessRecord[] = [];
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of byParent.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** SIGKILL each listed process (and the group it leads) that is still the same process. */
export function killRecorded(records: ProcessRecord[]): void {
  for (const record of records) {
    if (readStat(record.pid)?.startTime !== record.startTime) continue;
    if (record.pgrp === record.pid) signal(-record.pid, 'SIGKILL');
    signal(record.pid, 'SIGKILL');
  }
}

/** process.kill that ignores a process already gone. */
export function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
