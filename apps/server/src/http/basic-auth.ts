import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { ErrorBody } from '@supfleet/protocol';

export interface Credentials {
  username: string;
  password: string;
}

/** True when an Authorization header carries these credentials (HTTP basic). */
export function authorized(header: string | undefined, credentials: Credentials): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'base64').toString('utf8');
  // Hashes have one length, so the comparison takes the same time whatever was sent.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(`${credentials.username}:${credentials.password}`));
}

/**
 * Asks every request for the credentials: the web page (the browser prompts once and then sends
 * them with every fetch and with socket.io's handshake), REST, XML-RPC and the docs alike.
 */
export function basicAuth(credentials: Credentials): RequestHandler {
  return (req, res, next) => {
    if (authorized(req.headers.authorization, credentials)) next();
    else challenge(res);
  };
}

/** 401 with the challenge that makes a browser send (or ask for) the credentials. */
export function challenge(res: ServerResponse): void {
  const body: ErrorBody = { error: { code: 'UNAUTHORIZED', message: 'credentials required (HTTP basic)' } };
  res.writeHead(401, {
    'WWW-Authenticate': 'Basic realm="supfleet", charset="UTF-8"',
    'Content-Type': 'application/json; charset=utf-8',
  });
  res.end(JSON.stringify(body));
}
