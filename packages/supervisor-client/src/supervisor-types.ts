/** supervisord's own state (supervisor.getState). RUNNING is 1, SHUTDOWN -1. */
export interface SupervisorState {
  statecode: number;
  statename: string;
}

/** One process as supervisor.getProcessInfo / getAllProcessInfo answer it. */
export interface ProcessInfo {
  name: string;
  group: string;
  description: string;
  /** Seconds since the epoch; 0 when never started. */
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: string;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
}

/**
 * One process configuration (supervisor.getAllConfigInfo). Every field supervisord sends is
 * kept; its "none" placeholder for a missing value becomes null.
 */
export interface ConfigInfo {
  name: string;
  group: string;
  autostart: boolean;
  /** supervisord 4.2.5 does not send it; present only when a supervisord does. */
  autorestart?: string | boolean;
  command: string;
  exitcodes: number[];
  startsecs: number;
  stopwaitsecs: number;
  /** The program's `priority`; supervisord sends it as process_prio. */
  priority: number;
  process_prio?: number;
  group_prio?: number;
  inuse?: boolean;
  killasgroup?: boolean;
  [key: string]: unknown;
}

/** A piece of a process log (supervisor.tailProcessStdoutLog / tailProcessStderrLog). */
export interface LogTail {
  bytes: string;
  /** Where to ask from next time. */
  offset: number;
  /** More was written than asked for; `bytes` is the end of it. */
  overflow: boolean;
}

/** What one monitor poll sees. */
export interface PolledState {
  state: SupervisorState;
  /** supervisord's own pid: it changes when supervisord restarted. */
  pid: number;
  processes: ProcessInfo[];
}
