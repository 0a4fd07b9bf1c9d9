import type { Request } from 'express';
import type { RequestOrigin } from '../auth/authenticator';
import { isLoopback } from '../auth/request-guards';

/** The address for the limits (trust_proxy applied) and whether the TCP peer is loopback. */
export function requestOrigin(req: Request): RequestOrigin {
  const peer = req.socket.remoteAddress;
  return { address: req.ip ?? peer ?? 'unknown', loopback: isLoopback(peer) };
}
