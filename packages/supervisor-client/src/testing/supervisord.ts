import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SupervisorClient } from '../supervisor-client.js';
import { killRecorded, listDescendants, signal } from './process-tree.js';

/**
 * Test harness: real supervisord processes on free ports, each in its own temp dir, all of
 * them stopped by `stopAllSupervisords()` and, failing that, killed when the test process exits.
 */

const SUPERVISORD = '/usr/bin/supervisord';
const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const BIND_ATTEMPTS = 5;

export type ConfSection = Record<string, string | number | boolean>;

export interface StartSupervisordOptions {
  /** Sections by full name, e.g. `program:x` or `group:g`, each with its key=value lines. */
  programs?: Record<string, ConfSection>;
  /** Written as `[include] files = …`. */
  includeFiles?: string[];
  /** Added to supervisord's environment (so to its programs' and to `%(ENV_X)s`). */
  env?: Record<string, string>;
  username?: string;
  password?: string;
  /** Appended verbatim to the generated supervisord.conf. */
  extraConf?: string;
  /** Nick given to the client, shown in its error messages. */
  name?: string;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 5000. */
  stopGraceMs?: number;
}

export interface RunningSupervisord {
  url: string;
  port: number;
  dir: string;
  pid: number;
  confFile: string;
  logFile: string;
  /** A client with the instance's credentials. */
  client: SupervisorClient;
  /** SIGTERM, SIGKILL after stopGraceMs, then kill any child left and remove the dir. Idempotent. */
  stop(): Promise<void>;
  /** SIGSTOP: it keeps its port but answers nothing. */
  pause(): void;
  resume(): void;
  /** SIGKILL supervisord and every process it started (a crash, with no leak). The dir stays until stop(). */
  kill(): Promise<void>;
}

const running = new Set<Instance>();
let exitHookInstalled = false;

export async function startSupervisord(options: StartSupervisordOptions = {}): Promise<RunningSupervisord> {
  installExitHook();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const instance = await Instance.launch(port, options);
    try {
      await instance.waitUntilRunning();
      return instance.handle();
    } catch (error) {
      await instance.stop();
      // Another process may take the port between freePort() and supervisord's bind.
      if (instance.failedToBind() && attempt < BIND_ATTEMPTS) continue;
      throw error;
    }
  }
}

/** For afterAll: stops every supervisord this process started and has not stopped. */
export async function stopAllSupervisords(): Promise<void> {
  await Promise.all([...running].map((instance) => instance.stop()));
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

class Instance {
  readonly client: SupervisorClient;
  readonly #exited: Promise<void>;
  #stopping: Promise<void> | undefined;
  #bindFailure = false;
  readonly #stopGraceMs: number;

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly child: ChildProcess & { pid: number },
    options: StartSupervisordOptions,
  ) {
    this.client = new SupervisorClient({
      url: `http://127.0.0.1:${port}`,
      username: options.username,
      password: options.password,
      name: options.name,
      timeoutMs: 10_000,
    });
    this.#stopGraceMs = options.stopGraceMs ?? STOP_GRACE_MS;
    this.#exited = new Promise((resolve) => {
      if (this.#hasExited()) resolve();
      else child.once('exit', () => resolve());
    });
    running.add(this);
  }

  static async launch(port: number, options: StartSupervisordOptions): Promise<Instance> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'supfleet-supervisord-'));
    await mkdir(path.join(dir, 'log'));
    await writeFile(path.join(dir, 'supervisord.conf'), renderConf(dir, port, options));
    const output = openSync(path.join(dir, 'supervisord.out'), 'w');
    let child: ChildProcess;
    try {
      child = spawn(SUPERVISORD, ['-c', path.join(dir, 'supervisord.conf')], {
        cwd: dir,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', output, output],
        // Its own process group, so a Ctrl-C aimed at the test run is not what stops it.
        detached: true,
      });
    } finally {
      closeSync(output);
    }
    // The harness must never be what keeps a test process alive.
    child.unref();
    // A spawn failure is reported through the missing pid below; without a listener it would crash.
    child.on('error', () => undefined);
    if (child.pid === undefined) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`could not start ${SUPERVISORD}: is supervisor installed?`);
    }
    return new Instance(port, dir, child as ChildProcess & { pid: number }, options);
  }

  get confFile(): string {
    return path.join(this.dir, 'supervisord.conf');
  }

  get logFile(): string {
    return path.join(this.dir, 'supervisord.log');
  }

  failedToBind(): boolean {
    return this.#bindFailure;
  }

  async waitUntilRunning(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.#hasExited()) {
        const output = await this.#outputTail();
        this.#bindFailure = /already listening/i.test(output);
        throw new Error(`supervisord on port ${this.port} exited during start-up.\n${output}`);
      }
      try {
        const state = await this.client.getState();
        if (state.statename === 'RUNNING') return;
        last = `state ${state.statename}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(50);
    }
    throw new Error(
      `supervisord on port ${this.port} not RUNNING after ${READY_TIMEOUT_MS} ms (${last}).\n${await this.#outputTail()}`,
    );
  }

  handle(): RunningSupervisord {
    return {
      url: `http://127.0.0.1:${this.port}`,
      port: this.port,
      dir: this.dir,
      pid: this.child.pid,
      confFile: this.confFile,
      logFile: this.logFile,
      client: this.client,
      stop: () => this.stop(),
      pause: () => void signal(this.child.pid, 'SIGSTOP'),
      resume: () => void signal(this.child.pid, 'SIGCONT'),
      kill: () => this.kill(),
    };
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async kill(): Promise<void> {
    this.child.ref();
    this.killNow();
    await this.#exited;
  }

  /** Synchronous, so the exit hook can use it. */
  killNow(): void {
    if (this.#hasExited()) return;
    const pid = this.child.pid;
    // Frozen, it spawns nothing between the listing and the kill.
    signal(pid, 'SIGSTOP');
    const descendants = listDescendants(pid);
    signal(-pid, 'SIGKILL');
    signal(pid, 'SIGKILL');
    killRecorded(descendants);
  }

  async #stop(): Promise<void> {
    if (!this.#hasExited()) {
      const pid = this.child.pid;
      const descendants = listDescendants(pid);
      // While stopping, the child must keep the event loop alive, or a script would exit mid-stop.
      this.child.ref();
      signal(pid, 'SIGCONT');
      signal(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(resolve, this.#stopGraceMs, 'timeout')),
      );
      if ((await Promise.race([this.#exited, grace])) === 'timeout') this.killNow();
      clearTimeout(timer);
      await this.#exited;
      // Children that outlived supervisord (stopwaitsecs longer than our grace) go too.
      killRecorded(descendants);
    }
    running.delete(this);
    await rm(this.dir, { recursive: true, force: true });
  }

  #hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async #outputTail(): Promise<string> {
    const tail = async (file: string): Promise<string> => {
      try {
        return (await readFile(path.join(this.dir, file), 'utf8')).slice(-2000);
      } catch {
        return '(none)';
      }
    };
    return `--- supervisord.log (tail) ---\n${await tail('supervisord.log')}\n--- output (tail) ---\n${await tail('supervisord.out')}`;
  }
}

function renderConf(dir: string, port: number, options: StartSupervisordOptions): string {
  const credentials = options.username
    ? [`username=${options.username}`, `password=${options.password ?? ''}`]
    : [];
  const lines = [
    '[supervisord]',
    'nodaemon=true',
    `logfile=${path.join(dir, 'supervisord.log')}`,
    `pidfile=${path.join(dir, 'supervisord.pid')}`,
    `childlogdir=${path.join(dir, 'log')}`,
    'loglevel=info',
    // Low minimums, so a container with tight rlimits still starts it.
    'minfds=64',
    'minprocs=32',
    '',
    '[inet_http_server]',
    `port=127.0.0.1:${port}`,
    ...credentials,
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=http://127.0.0.1:${port}`,
    ...credentials,
    '',
  ];
  if (options.includeFiles?.length) lines.push('[include]', `files = ${options.includeFiles.join(' ')}`, '');
  for (const [section, entries] of Object.entries(options.programs ?? {})) {
    lines.push(`[${section}]`);
    for (const [key, value] of Object.entries(entries)) lines.push(`${key}=${String(value)}`);
    lines.push('');
  }
  if (options.extraConf) lines.push(options.extraConf, '');
  return lines.join('\n');
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const instance of running) {
      instance.killNow();
      rmSync(instance.dir, { recursive: true, force: true });
    }
  });
}
