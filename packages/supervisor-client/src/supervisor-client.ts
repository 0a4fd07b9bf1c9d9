import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import {
  asArray,
  asBoolean,
  asInteger,
  asString,
  decodeConfigInfos,
  decodeLogTail,
  decodeProcessInfo,
  decodeProcessInfos,
  decodeState,
} from './answer-decoders.js';
import { ProtocolError, SupervisorFault, type ErrorContext } from './errors.js';
import { postXml } from './post-xml.js';
import type { ConfigInfo, LogTail, PolledState, ProcessInfo, SupervisorState } from './supervisor-types.js';
import { decodeMethodResponse, encodeMethodCall } from './xmlrpc-codec.js';
import { XmlRpcFault, XmlRpcParseError } from './xmlrpc-errors.js';
import { isXmlRpcStruct, type XmlRpcValue } from './xmlrpc-value.js';

export interface SupervisorClientOptions {
  /** `http://host:port`; the path `/RPC2` is added when none is given. Credentials in the URL are used too. */
  url: string;
  username?: string;
  password?: string;
  /** Per call, connect and whole answer included. Default 5000. */
  timeoutMs?: number;
  /** The instance's nick (e.g. rocky51), used in error messages. */
  name?: string;
  /**
   * The kept connection (CallOptions.keptConnection) closed, but not by `close()`: supervisord
   * died, or closed an idle connection. A call on a new connection tells which.
   */
  onKeptConnectionClosed?: () => void;
}

export interface MulticallEntry {
  methodName: string;
  params: XmlRpcValue[];
}

export interface CallOptions {
  /** Overrides the client's timeout for this call (a `wait=true` start can take a while). */
  timeoutMs?: number;
  /**
   * On the client's one kept connection instead of a fresh one: for calls whose answer is a few
   * hundred bytes only (over ~4 KB, a kept connection waits ~44 ms per answer, see postXml).
   */
  keptConnection?: boolean;
}

const DEFAULT_TIMEOUT_MS = 5000;

const POLL_CALLS: MulticallEntry[] = [
  { methodName: 'supervisor.getState', params: [] },
  { methodName: 'supervisor.getPID', params: [] },
  { methodName: 'supervisor.getAllProcessInfo', params: [] },
];

const PROBE_CALLS: MulticallEntry[] = [
  { methodName: 'supervisor.getState', params: [] },
  { methodName: 'supervisor.getPID', params: [] },
];

const PROBE_BODY = encodeMethodCall('system.multicall', [
  PROBE_CALLS.map(({ methodName, params }) => ({ methodName, params })),
]);

/** supervisord's clock in each process info, and the uptime of a RUNNING description. */
const EVERY_SECOND = /<name>now<\/name>\s*<value><int>\d+<\/int><\/value>|, uptime [^<]*/g;

/** What a poll answer says once what changes every second is taken out. */
export function pollKey(text: string): string {
  return text.replace(EVERY_SECOND, '');
}

/** A typed client of one supervisord 4.2 over XML-RPC: every call is one connection, but for the kept one of `probe`. */
export class SupervisorClient {
  /** The XML-RPC endpoint, `/RPC2` included, without credentials. */
  readonly url: string;
  readonly name: string | undefined;
  readonly timeoutMs: number;
  readonly #target: URL;
  readonly #authorization: string | undefined;
  /** What error messages show: the url as configured, without credentials. */
  readonly #displayUrl: string;
  /** The one kept connection (CallOptions.keptConnection), made on first use. */
  #kept: http.Agent | null = null;
  readonly #onKeptClosed: (() => void) | undefined;
  /** Aborts the calls in flight when the client is closed. */
  #closing = new AbortController();

  constructor(options: SupervisorClientOptions) {
    const target = parseUrl(options.url);
    const username = options.username ?? decodeURIComponent(target.username);
    const password = options.password ?? decodeURIComponent(target.password);
    target.username = '';
    target.password = '';
    this.#displayUrl = target.pathname === '/' ? target.origin : target.href;
    if (target.pathname === '/') target.pathname = '/RPC2';
    this.#target = target;
    this.url = target.href;
    this.name = options.name;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#onKeptClosed = options.onKeptConnectionClosed;
    this.#authorization = username
      ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
      : undefined;
  }

  /** Any XML-RPC method. Throws SupervisorFault, HttpError, TimeoutError, ConnectionRefusedError or ProtocolError. */
  async call(method: string, params: XmlRpcValue[] = [], options: CallOptions = {}): Promise<XmlRpcValue> {
    return this.#decodeText(method, await this.#post(method, params, options));
  }

  #post(method: string, params: XmlRpcValue[], options: CallOptions, body?: string): Promise<string> {
    return postXml({
      target: this.#target,
      body: body ?? encodeMethodCall(method, params),
      authorization: this.#authorization,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      context: this.#context(method),
      keepAlive: options.keptConnection ? this.#keptAgent() : undefined,
      signal: this.#closing.signal,
    });
  }

  #keptAgent(): http.Agent {
    if (!this.#kept) {
      const transport = this.#target.protocol === 'https:' ? https : http;
      const agent = new transport.Agent({ keepAlive: true, maxSockets: 1 });
      const watched = new WeakSet<object>();
      // Each connection once, when it first goes back to the pool: its close is a signal.
      agent.on('free', (socket: Socket) => {
        if (watched.has(socket)) return;
        watched.add(socket);
        socket.once('close', () => {
          if (this.#kept === agent) this.#onKeptClosed?.();
        });
      });
      this.#kept = agent;
    }
    return this.#kept;
  }

  /**
   * The liveness probe: getState and getPID in one call on a kept connection (unless
   * `keptConnection: false`), so that a probe every second costs neither side a TCP handshake
   * (BENCHMARKS.md). A fault is thrown.
   */
  async probe(options?: CallOptions): Promise<{ state: SupervisorState; pid: number }> {
    const keptConnection = options?.keptConnection ?? true;
    // The same request every second: encoded once.
    const text = await this.#post('system.multicall', [], { ...options, keptConnection }, PROBE_BODY);
    const answers = this.#multicallResults(PROBE_CALLS, this.#decodeText('system.multicall', text));
    for (const answer of answers) if (answer instanceof SupervisorFault) throw answer;
    const [state, pid] = answers as XmlRpcValue[];
    return this.#decode('system.multicall', () => ({
      state: decodeState(state),
      pid: asInteger(pid, 'getPID'),
    }));
  }

  /** Closes the kept connection and abandons the calls in flight; the client stays usable. */
  close(): void {
    const kept = this.#kept;
    this.#kept = null;
    kept?.destroy();
    this.#closing.abort();
    this.#closing = new AbortController();
  }

  #decodeText(method: string, text: string): XmlRpcValue {
    const context = this.#context(method);
    try {
      return decodeMethodResponse(text);
    } catch (error) {
      if (error instanceof XmlRpcFault) throw new SupervisorFault(context, error.code, error.message);
      if (error instanceof XmlRpcParseError) {
        throw new ProtocolError(context, `${method}: the answer is not XML-RPC (${error.message})`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  getState(): Promise<SupervisorState> {
    return this.#typed('supervisor.getState', [], decodeState);
  }

  getIdentification(): Promise<string> {
    return this.#typed('supervisor.getIdentification', [], (value) => asString(value, 'getIdentification'));
  }

  getAllProcessInfo(): Promise<ProcessInfo[]> {
    return this.#typed('supervisor.getAllProcessInfo', [], decodeProcessInfos);
  }

  getProcessInfo(namespec: string): Promise<ProcessInfo> {
    return this.#typed('supervisor.getProcessInfo', [namespec], decodeProcessInfo);
  }

  /**
   * getProcessInfo of each, in one multicall, each answer decoded; a name supervisord does not
   * know holds its SupervisorFault (BAD_NAME).
   */
  async getProcessInfos(
    namespecs: string[],
    options?: CallOptions,
  ): Promise<Array<ProcessInfo | SupervisorFault>> {
    const answers = await this.multicall(
      namespecs.map((namespec) => ({ methodName: 'supervisor.getProcessInfo', params: [namespec] })),
      options,
    );
    return this.#decode('supervisor.getProcessInfo', () =>
      answers.map((answer) => (answer instanceof SupervisorFault ? answer : decodeProcessInfo(answer))),
    );
  }

  getAllConfigInfo(): Promise<ConfigInfo[]> {
    return this.#typed('supervisor.getAllConfigInfo', [], decodeConfigInfos);
  }

  /** For one process; `group:*` answers an array and is refused here (use `call`). */
  startProcess(namespec: string, wait = false, options?: CallOptions): Promise<boolean> {
    return this.#typed(
      'supervisor.startProcess',
      [namespec, wait],
      (v) => asBoolean(v, 'startProcess'),
      options,
    );
  }

  stopProcess(namespec: string, wait = false, options?: CallOptions): Promise<boolean> {
    return this.#typed(
      'supervisor.stopProcess',
      [namespec, wait],
      (v) => asBoolean(v, 'stopProcess'),
      options,
    );
  }

  tailProcessStdoutLog(namespec: string, offset: number, length: number): Promise<LogTail> {
    return this.#typed('supervisor.tailProcessStdoutLog', [namespec, offset, length], decodeLogTail);
  }

  tailProcessStderrLog(namespec: string, offset: number, length: number): Promise<LogTail> {
    return this.#typed('supervisor.tailProcessStderrLog', [namespec, offset, length], decodeLogTail);
  }

  clearProcessLogs(namespec: string): Promise<boolean> {
    return this.#typed('supervisor.clearProcessLogs', [namespec], (v) => asBoolean(v, 'clearProcessLogs'));
  }

  /**
   * system.multicall: one round trip. A failed call does not fail the others; its slot holds
   * a SupervisorFault (returned, not thrown).
   */
  async multicall(
    calls: MulticallEntry[],
    options?: CallOptions,
  ): Promise<Array<XmlRpcValue | SupervisorFault>> {
    const params = calls.map(({ methodName, params }) => ({ methodName, params }));
    return this.#multicallResults(calls, await this.call('system.multicall', [params], options));
  }

  #multicallResults(calls: MulticallEntry[], answer: XmlRpcValue): Array<XmlRpcValue | SupervisorFault> {
    return this.#decode('system.multicall', () => {
      const results = asArray(answer, 'system.multicall');
      if (results.length !== calls.length) {
        throw new XmlRpcParseError(`system.multicall: ${calls.length} calls but ${results.length} results`);
      }
      // supervisord answers each value bare, not wrapped in a one-item array as the multicall
      // convention (and its own docstring) says; a fault is a {faultCode, faultString} struct.
      return results.map((result, index) => {
        if (
          isXmlRpcStruct(result) &&
          typeof result.faultCode === 'number' &&
          typeof result.faultString === 'string'
        ) {
          return new SupervisorFault(
            this.#context(calls[index]?.methodName),
            result.faultCode,
            result.faultString,
          );
        }
        return result;
      });
    });
  }

  /**
   * The monitor's poll: getState, getPID (a new pid means supervisord restarted) and
   * getAllProcessInfo in one round trip, decoded.
   */
  async pollState(options?: CallOptions): Promise<PolledState> {
    return this.#polledState(await this.multicall(POLL_CALLS, options));
  }

  /**
   * pollState, without decoding an answer that says what the previous one said: `key` is the
   * answer without what changes every second (each process's `now`, a running one's uptime),
   * and `polled` is null when it equals `previousKey`. Decoding is most of a poll's cost.
   */
  async pollStateUnlessSame(
    previousKey: string | null,
    options?: CallOptions,
  ): Promise<{ key: string; polled: PolledState | null }> {
    const params = POLL_CALLS.map(({ methodName, params }) => ({ methodName, params }));
    const text = await this.#post('system.multicall', [params], options ?? {});
    const key = pollKey(text);
    if (key === previousKey) return { key, polled: null };
    const answer = this.#decodeText('system.multicall', text);
    return { key, polled: this.#polledState(this.#multicallResults(POLL_CALLS, answer)) };
  }

  #polledState(answers: Array<XmlRpcValue | SupervisorFault>): PolledState {
    for (const answer of answers) if (answer instanceof SupervisorFault) throw answer;
    const [state, pid, processes] = answers as XmlRpcValue[];
    return this.#decode('system.multicall', () => ({
      state: decodeState(state),
      pid: asInteger(pid, 'getPID'),
      processes: decodeProcessInfos(processes),
    }));
  }

  async #typed<T>(
    method: string,
    params: XmlRpcValue[],
    decode: (value: XmlRpcValue) => T,
    options?: CallOptions,
  ): Promise<T> {
    const answer = await this.call(method, params, options);
    return this.#decode(method, () => decode(answer));
  }

  #decode<T>(method: string, decode: () => T): T {
    try {
      return decode();
    } catch (error) {
      if (error instanceof XmlRpcParseError) {
        throw new ProtocolError(this.#context(method), `unexpected answer to ${method}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  #context(method?: string): ErrorContext {
    return { url: this.#displayUrl, name: this.name, method };
  }
}

function parseUrl(url: string): URL {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError(`supervisord url "${url}" is not a URL; expected http://host:port`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`supervisord url "${url}" must start with http:// or https://`);
  }
  return target;
}
