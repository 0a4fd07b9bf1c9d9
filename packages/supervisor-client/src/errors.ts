/** supervisord's fault codes (supervisor/xmlrpc.py, class Faults). */
export const Faults = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;

export type FaultName = keyof typeof Faults;

const FAULT_NAMES = new Map<number, FaultName>(
  Object.entries(Faults).map(([name, code]) => [code, name as FaultName]),
);

export function faultName(code: number): FaultName | 'UNKNOWN' {
  return FAULT_NAMES.get(code) ?? 'UNKNOWN';
}

/** Where an error happened: the instance's url, its nick when known, the method called. */
export interface ErrorContext {
  url: string;
  name?: string;
  method?: string;
}

/** Every error of this package: it names the instance, so a log line is enough to act on. */
export class SupervisorClientError extends Error {
  override name = 'SupervisorClientError';
  readonly url: string;
  readonly instanceName: string | undefined;
  readonly method: string | undefined;

  constructor(context: ErrorContext, detail: string, options?: { cause?: unknown }) {
    super(`${describeInstance(context)}: ${detail}`, options);
    this.url = context.url;
    this.instanceName = context.name;
    this.method = context.method;
  }
}

/** supervisord answered with a fault, e.g. BAD_NAME for an unknown process. */
export class SupervisorFault extends SupervisorClientError {
  override name = 'SupervisorFault';
  readonly faultName: FaultName | 'UNKNOWN';

  constructor(
    context: ErrorContext,
    readonly code: number,
    readonly faultString: string,
  ) {
    const what = faultName(code);
    // supervisord's faultString repeats the name ("BAD_NAME: foo"); say it once.
    const detail = faultString.startsWith(what)
      ? faultString.slice(what.length).replace(/^:\s*/, '')
      : faultString;
    super(
      context,
      `${context.method ? `${context.method}: ` : ''}${what} (${code})${detail ? `: ${detail}` : ''}`,
    );
    this.faultName = what;
  }
}

/** Nothing answered: refused, unreachable, unknown host, or the connection dropped before an answer. */
export class ConnectionRefusedError extends SupervisorClientError {
  override name = 'ConnectionRefusedError';

  constructor(
    context: ErrorContext,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(context, reason, options);
  }
}

/** No complete answer within the time given; the instance may be busy (spawning) or frozen. */
export class TimeoutError extends SupervisorClientError {
  override name = 'TimeoutError';

  constructor(
    context: ErrorContext,
    readonly timeoutMs: number,
    /**
     * True when the TCP connection was made and the answer was late: supervisord is busy (it
     * answers nothing while it spawns). False when even the connection was not made: the host
     * is down or cut off.
     */
    readonly connected = true,
  ) {
    super(
      context,
      `${context.method ? `${context.method}: ` : ''}${connected ? 'no answer' : 'could not connect'} within ${timeoutMs} ms`,
    );
  }
}

/** An HTTP status other than 200: 401 for bad credentials, an HTML 500 for a wrong argument type. */
export class HttpError extends SupervisorClientError {
  override name = 'HttpError';

  constructor(
    context: ErrorContext,
    readonly status: number,
    readonly body: string,
  ) {
    super(context, `${context.method ? `${context.method}: ` : ''}HTTP ${status}${httpHint(status)}`);
  }
}

/** The answer is not XML-RPC, or not the shape supervisord gives for this method. */
export class ProtocolError extends SupervisorClientError {
  override name = 'ProtocolError';
}

function describeInstance({ url, name }: ErrorContext): string {
  return name ? `${name} at ${url}` : url;
}

function httpHint(status: number): string {
  if (status === 401) return ' unauthorized: check the username and password';
  if (status === 404) return ' not found: is this the XML-RPC path of a supervisord?';
  if (status === 500) return ' server error: supervisord rejected the call (wrong argument type?)';
  return '';
}
