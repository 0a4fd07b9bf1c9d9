import http from 'node:http';
import https from 'node:https';
import {
  ConnectionRefusedError,
  HttpError,
  TimeoutError,
  type ErrorContext,
  type SupervisorClientError,
} from './errors.js';

export interface PostXmlOptions {
  target: URL;
  body: string;
  /** Value of the Authorization header, if any. */
  authorization?: string;
  /** Covers connecting, sending and reading the whole answer. */
  timeoutMs: number;
  context: ErrorContext;
  /** Keeps the connection for the next call (answers of a few hundred bytes only, see postXml). */
  keepAlive?: http.Agent;
  /** Abandons the call: its connection is closed and it fails at once. */
  signal?: AbortSignal;
}

/**
 * One POST, by default on a fresh connection that is closed after the answer: supervisord's
 * medusa server with keep-alive makes every answer over ~4 KB wait ~44 ms (Nagle against delayed
 * ACK). With `keepAlive` (an agent of one socket, for small answers only) the connection is kept;
 * a kept connection that supervisord closed meanwhile is tried again once on a new one.
 * Resolves the body of a 200 answer.
 */
export async function postXml(options: PostXmlOptions): Promise<string> {
  try {
    return await postOnce(options);
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error;
    return postOnce(options);
  }
}

/** A reused kept-alive connection failed before any answer: the peer had closed it. */
class StaleConnection extends Error {}

function postOnce({
  target,
  body,
  authorization,
  timeoutMs,
  context,
  keepAlive,
  signal,
}: PostXmlOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ConnectionRefusedError(context, 'the client was closed'));
      return;
    }
    let settled = false;
    const settle = (error: SupervisorClientError | StaleConnection | undefined, text = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abandon);
      if (error) reject(error);
      else resolve(text);
    };

    const transport = target.protocol === 'https:' ? https : http;
    const request = transport.request(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        agent: keepAlive ?? false,
        headers: {
          'Content-Type': 'text/xml',
          'Content-Length': Buffer.byteLength(body),
          ...(keepAlive ? {} : { Connection: 'close' }),
          ...(authorization ? { Authorization: authorization } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => settle(connectionError(context, error)));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          settle(status === 200 ? undefined : new HttpError(context, status, text.slice(0, 4000)), text);
        });
        response.on('close', () => {
          if (!response.complete) settle(connectionError(context, undefined));
        });
      },
    );

    let connected = false;
    request.on('socket', (socket) => {
      // A kept connection is connected already: no 'connect' to wait for (nor a listener to leak).
      if (socket.connecting) socket.once('connect', () => (connected = true));
      else connected = true;
    });
    const timer = setTimeout(() => {
      settle(new TimeoutError(context, timeoutMs, connected));
      request.destroy();
    }, timeoutMs);
    const abandon = () => {
      settle(new ConnectionRefusedError(context, 'the client was closed'));
      request.destroy();
    };
    signal?.addEventListener('abort', abandon, { once: true });

    request.on('error', (error: Error & { code?: string }) => {
      const stale = request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      settle(stale ? new StaleConnection(error.message) : connectionError(context, error));
    });
    request.end(body);
  });
}

function connectionError(
  context: ErrorContext,
  error: (Error & { code?: string }) | undefined,
): ConnectionRefusedError {
  const code = error?.code;
  const host = safeHost(context.url);
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'EHOSTUNREACH' || code === 'ENETUNREACH'
        ? 'host unreachable'
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `cannot resolve host ${host}`
          : code === 'ECONNRESET' || code === 'EPIPE' || error === undefined
            ? 'connection closed before an answer'
            : `connection failed (${code ?? error.message})`;
  return new ConnectionRefusedError(context, reason, { cause: error });
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
