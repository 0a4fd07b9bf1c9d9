import { systemClock, type Clock } from '../clock/clock';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { Authenticator } from '../auth/authenticator';
import type { Principal } from '../auth/principal';
import type { Logger } from '../logging/logger';
import { crossSiteReason, hostAllowed, isLoopback, requestHost, type HostList } from '../auth/request-guards';
import { DomainError, STATUS_OF } from '../errors';

/** How often a socket's credentials are checked again: a revoked token, a removed user, a new password or a logout end it. */
export const REVALIDATE_MS = 10_000;

/** At most this many snapshot:request per socket and window; more are dropped, far more disconnect. */
export const SNAPSHOT_REQUESTS = { max: 5, windowMs: 10_000, disconnectAfterDropped: 50 };

export interface SocketGuardOptions {
  authenticator: Authenticator;
  allowedHosts: HostList;
  trustProxy: boolean;
  /** The sockets' revalidation and expiry timers. */
  clock?: Clock;
}

const PRINCIPAL = Symbol('supfleet principal');
type GuardedRequest = IncomingMessage & { [PRINCIPAL]?: Principal };

/**
 * socket.io's own defences, in its middleware (socket.io answers its requests before Express):
 * every engine request has its Host checked; a handshake with a foreign Origin is refused, and
 * one with wrong credentials too. The namespace middleware then needs a principal, from the
 * handshake's cookie or Authorization header, or `auth: {token}`; without one the client gets a
 * connect_error and its connection is closed at once.
 */
export function guardSockets(io: Server, options: SocketGuardOptions): void {
  const clock = options.clock ?? systemClock;
  io.engine.use((req: GuardedRequest, res: ServerResponse, next: (error?: unknown) => void) => {
    const refuse = (error: DomainError) => {
      const status = STATUS_OF[error.code];
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { code: error.code, message: error.message } }));
    };
    const host = requestHost(req.headers, options.trustProxy);
    if (!hostAllowed(host, options.allowedHosts)) {
      refuse(
        new DomainError(
          'MISDIRECTED',
          `this server does not answer to the host ${JSON.stringify(host ?? '')}`,
        ),
      );
      return;
    }
    // Every browser sends Origin on a WebSocket and on a cross-origin request: it must be ours.
    const foreign =
      req.headers.origin !== undefined ? crossSiteReason({ origin: req.headers.origin }, host) : null;
    if (foreign) {
      refuse(
        new DomainError(
          'FORBIDDEN',
          foreign.replace('cross-site request', 'cross-site socket.io connection'),
        ),
      );
      return;
    }
    if (new URL(req.url ?? '/', 'http://x').searchParams.has('sid')) {
      next();
      return;
    }
    const peer = req.socket.remoteAddress;
    options.authenticator
      .identify(req.headers, { address: peer ?? 'unknown', loopback: isLoopback(peer) })
      .then(
        (principal) => {
          if (principal) req[PRINCIPAL] = principal;
          next();
        },
        (error: unknown) => {
          if (error instanceof DomainError) refuse(error);
          else next(error);
        },
      );
  });

  io.use((socket, next) => {
    const request = socket.request as GuardedRequest;
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const peer = request.socket.remoteAddress;
    const origin = { address: peer ?? 'unknown', loopback: isLoopback(peer) };
    const accept = (principal: Principal) => {
      (socket.data as { principal?: Principal }).principal = principal;
      closeAtExpiry(clock, socket, principal);
      // The same credentials as the handshake's, asked again: the answer may have changed since.
      revalidate(clock, socket, principal, () =>
        options.authenticator.identify(request.headers, origin, { token }).catch(() => undefined),
      );
      next();
    };
    const reject = (message: string) => {
      next(new Error(message));
      // The refusal is written first; then nothing more may come through this connection.
      process.nextTick(() => socket.conn.close());
    };
    const known = request[PRINCIPAL];
    if (known) {
      accept(known);
      return;
    }
    if (typeof token !== 'string' || token === '') {
      reject('authentication required: log in, or give a token (auth: {token}) or an Authorization header');
      return;
    }
    options.authenticator.identify({}, origin, { token }).then(
      (principal) => (principal ? accept(principal) : reject('authentication required')),
      (error: unknown) => reject(error instanceof Error ? error.message : 'authentication failed'),
    );
  });
}

/** Disconnects the socket when its credentials no longer name the same principal; follows a role change. */
function revalidate(
  clock: Clock,
  socket: Socket,
  principal: Principal,
  identify: () => Promise<Principal | undefined>,
): void {
  const timer = clock
    .repeat(() => {
      void identify().then((now) => {
        if (!now || now.name !== principal.name) socket.disconnect(true);
        else (socket.data as { principal?: Principal }).principal = now;
      });
    }, REVALIDATE_MS)
    .unref();
  socket.once('disconnect', () => clock.cancel(timer));
}

/** A socket of a session or a token ends when they do. */
function closeAtExpiry(clock: Clock, socket: Socket, principal: Principal): void {
  if (principal.expiresAt === undefined) return;
  const timer = clock
    .schedule(
      () => socket.disconnect(true),
      Math.min(Math.max(0, principal.expiresAt - clock.now()), 2 ** 31 - 1),
    )
    .unref();
  socket.once('disconnect', () => clock.cancel(timer));
}

/** A per-socket window: true when this snapshot:request may be served. */
export function snapshotRequestLimiter(
  socket: Socket,
  log: Logger,
  now: () => number = Date.now,
): () => boolean {
  let windowStart = now();
  let served = 0;
  let dropped = 0;
  return () => {
    const at = now();
    if (at - windowStart >= SNAPSHOT_REQUESTS.windowMs) {
      windowStart = at;
      served = 0;
    }
    if (served < SNAPSHOT_REQUESTS.max) {
      served++;
      return true;
    }
    if (++dropped === 1) log.warn({ socket: socket.id }, 'snapshot:request over its limit; dropped');
    if (dropped >= SNAPSHOT_REQUESTS.disconnectAfterDropped) socket.disconnect(true);
    return false;
  };
}
