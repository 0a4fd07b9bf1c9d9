/**
 * The shapes supervisord 4.2 answers over XML-RPC, as the fleet model consumes them.
 * supervisor-client declares the same fields (it imports nothing of ours); structural
 * typing keeps the two in step.
 */
export interface SupervisordProcessInfo {
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

export interface SupervisordConfigInfo {
  name: string;
  group: string;
  autostart: boolean;
  /** Not sent by supervisord 4.2.5's getAllConfigInfo. */
  autorestart?: string | boolean;
  command: string;
  exitcodes: number[];
  startsecs: number;
  stopwaitsecs: number;
  priority: number;
  process_prio?: number;
  group_prio?: number;
  inuse?: boolean;
  killasgroup?: boolean;
  stopsignal?: number | string;
  [key: string]: unknown;
}
