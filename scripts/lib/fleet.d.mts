// Types of fleet.mjs for the TypeScript that uses it (e2e/support).

export interface FleetInstance {
  /** The nick of supvisors_list, e.g. rocky51. */
  id: string;
  host: string;
  port: number;
  /** http://host:port of its supervisord. */
  url: string;
  /** SUPFLEET_RUN_DIR of its supervisord: pid file, logs. */
  runDir: string;
  pid: number | undefined;
}

export interface Fleet {
  instances: FleetInstance[];
  /** As the server printed it; undefined when started without a server. */
  baseURL: string | undefined;
  serverPid: number | undefined;
  /** With auth: the passwords of the users admin, operator and viewer (each user is named after its role). */
  credentials: { admin: string; operator: string; viewer: string } | undefined;
  /** With auth: what every supervisord asks (supervisorctl -u/-p); supfleet passes it on. */
  supervisorCredentials: { username: string; password: string } | undefined;
  /** Server first, then every supervisord; the same promise when called again. */
  stop(): Promise<void>;
}

export interface StartFleetOptions {
  /** Absolute path of a supervisord conf with a [supfleet] section. */
  conf: string;
  /** Each instance runs in <runRoot>/<id>. */
  runRoot: string;
  /** NFS marker directory: removed first, created nfsDelayMs after the start. */
  nfsPath?: string;
  /** Default 1000; null: never created (the caller creates it). */
  nfsDelayMs?: number | null;
  /** Default true. */
  server?: boolean;
  /** --listen of the server; default: the conf's listen. */
  listen?: string;
  /** --auto-start of the server; default: the conf's auto_start. */
  autoStart?: boolean;
  /**
   * Default false. True: the conf is rewritten into runRoot with credentials for every
   * supervisord (supfleet passes them on), and the users admin / operator / viewer are created
   * with random passwords (`credentials`) before the server starts: the page asks for a login.
   */
  auth?: boolean;
  /** SUPFLEET_URL of the node agents (several servers: comma-separated); default http://<listen>. */
  agentUrl?: string;
  onLine?: (source: string, line: string) => void;
  onUnexpectedExit?: (source: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

export const SERVER_ENTRY: string;
export function startFleet(options: StartFleetOptions): Promise<Fleet>;
export function readFleetConf(
  confPath: string,
): Promise<{ instances: { id: string; host: string; port: number }[]; listen: string | undefined }>;
export function portOwner(
  port: number,
  host?: string,
): Promise<{ pid: number | undefined; command: string | undefined } | undefined>;
export function describeOwner(owner: { pid: number | undefined; command: string | undefined }): string;
/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number>;
