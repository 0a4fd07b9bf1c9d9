// Types of nginx.mjs for the TypeScript that uses it (e2e/support).

export interface Nginx {
  /** http://127.0.0.1:PORT, nginx's own address. */
  url: string;
  /** The nginx.conf it runs. */
  conf: string;
  pid: number | undefined;
  /** What nginx printed, its error log and its access log so far. */
  logs(): Promise<string>;
  /** SIGTERM, then SIGKILL to its process group; removes its directory. The same promise when called again. */
  stop(): Promise<void>;
}

export function nginxConf(dir: string, port: number, upstreams: string[]): string;
export function startNginx(upstreams: string[], options?: { port?: number }): Promise<Nginx>;
