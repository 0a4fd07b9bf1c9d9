import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors';
import type { Store } from '../store/store';
import type { LoginLimiter } from './failure-limiter';
import { dummyHash, verifyPassword } from './passwords';
import type { Principal } from './principal';
import { newSecret, sha256, TOKEN_PREFIX } from './secrets';

export interface Credentials {
  username: string;
  password: string;
}

export const SESSION_COOKIE = 'supfleet_session';

/** `Basic ` + base64(":"). */
const EMPTY_BASIC = /^Basic\s+Og==\s*$/i;

/** A verified password is remembered this long, so that HTTP basic clients do not pay scrypt on every call. */
const VERIFIED_CACHE_MS = 5 * 60_000;
const VERIFIED_CACHE_SIZE = 1000;
/** lastUsedAt of a token is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

export interface AuthenticatorOptions {
  database: Pick<Store, 'users' | 'tokens' | 'sessions'>;
  /** api_username / api_password: one admin defined in the config. */
  configAdmin: Credentials | null;
  sessionTtlMs: number;
  limiter: LoginLimiter;
  now?: () => number;
}

/** Where a request comes from, for the limits and the local mode. */
export interface RequestOrigin {
  /** The client's address as Express sees it (trust_proxy applied): the rate limits' key. */
  address: string;
  /** True when the TCP peer itself is loopback (never a forwarded header). */
  loopback: boolean;
}

/**
 * Who is behind a request: a session cookie, a bearer token, HTTP basic (a user's password, a
 * token, or the config's admin), or, with no user and no api_username at all, the local admin
 * for a loopback peer. Wrong credentials throw (401); too many failures throw (429).
 */
export class Authenticator {
  readonly #options: AuthenticatorOptions;
  readonly #now: () => number;
  readonly #verified = new Map<string, { passwordHash: string; at: number }>();
  readonly #touched = new Map<string, number>();

  constructor(options: AuthenticatorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  get sessionTtlMs(): number {
    return this.#options.sessionTtlMs;
  }

  /** No user and no api_username: loopback requests act as the local admin. */
  async localMode(): Promise<boolean> {
    return this.#options.configAdmin === null && (await this.#options.database.users.count()) === 0;
  }

  async identify(
    headers: IncomingHttpHeaders,
    origin: RequestOrigin,
    extra: { token?: unknown } = {},
  ): Promise<Principal | undefined> {
    const authorization = headers.authorization;
    // supervisor's own clients send empty basic credentials when none are configured: none it is.
    if (authorization !== undefined && !EMPTY_BASIC.test(authorization)) {
      return this.#fromAuthorization(authorization, origin);
    }
    if (typeof extra.token === 'string' && extra.token !== '') return this.#fromToken(extra.token, origin);
    const session = sessionIdOf(headers.cookie);
    const fromSession = session === undefined ? undefined : await this.sessionPrincipal(session);
    if (fromSession) return fromSession;
    if (origin.loopback && (await this.localMode())) return { name: 'local', role: 'admin', via: 'local' };
    return undefined;
  }

  /** POST /session: checks the password and opens a session; the id goes in the cookie only. */
  async login(
    username: string,
    password: string,
    origin: RequestOrigin,
  ): Promise<{ sessionId: string; principal: Principal }> {
    const principal = await this.#password(username, password, origin);
    if (!principal) throw new DomainError('UNAUTHORIZED', 'invalid username or password');
    const now = this.#now();
    const sessionId = newSecret();
    const expiresAt = now + this.#options.sessionTtlMs;
    await this.#options.database.sessions.removeExpired(now);
    await this.#options.database.sessions.add({
      hash: sha256(sessionId),
      username: principal.name,
      createdAt: now,
      expiresAt,
    });
    return { sessionId, principal: { ...principal, via: 'session', expiresAt } };
  }

  async logout(sessionId: string): Promise<void> {
    await this.#options.database.sessions.remove(sha256(sessionId));
  }

  /** The live session of this id, with the user's current role; undefined when expired, ended or the user is gone. */
  async sessionPrincipal(sessionId: string): Promise<Principal | undefined> {
    const { sessions } = this.#options.database;
    const session = await sessions.get(sha256(sessionId));
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      await sessions.remove(session.hash);
      return undefined;
    }
    const role = await this.#roleOf(session.username);
    if (!role) return undefined;
    return { name: session.username, role, via: 'session', expiresAt: session.expiresAt };
  }

  /** Forgets what was verified of a user (password changed, user removed). */
  forget(username: string): void {
    for (const key of this.#verified.keys()) if (key.startsWith(`${username}\0`)) this.#verified.delete(key);
  }

  async #roleOf(username: string) {
    const admin = this.#options.configAdmin;
    if (admin && admin.username === username) return 'admin' as const;
    return (await this.#options.database.users.get(username))?.role;
  }

  async #fromAuthorization(header: string, origin: RequestOrigin): Promise<Principal> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (bearer) return this.#fromToken(bearer[1]!, origin);
    const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
    if (!basic)
      throw new DomainError('UNAUTHORIZED', 'unsupported Authorization scheme: use Bearer or Basic');
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new DomainError('UNAUTHORIZED', 'malformed HTTP basic credentials');
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const principal = await this.#password(username, password, origin);
    if (principal) return principal;
    if (password.startsWith(TOKEN_PREFIX)) return this.#fromToken(password, origin);
    throw new DomainError('UNAUTHORIZED', 'invalid username or password');
  }

  async #fromToken(secret: string, origin: RequestOrigin): Promise<Principal> {
    await this.#checkLimit(origin, null);
    const token = await this.#options.database.tokens.byHash(sha256(secret));
    const now = this.#now();
    if (!token) {
      await this.#options.limiter.fail(origin.address, null);
      throw new DomainError('UNAUTHORIZED', 'invalid token');
    }
    if (token.expiresAt !== null && token.expiresAt <= now) {
      throw new DomainError('UNAUTHORIZED', `token ${token.name} expired`);
    }
    if (now - (this.#touched.get(token.name) ?? 0) > TOUCH_EVERY_MS) {
      this.#touched.set(token.name, now);
      await this.#options.database.tokens.touch(token.name, now);
    }
    return {
      name: token.name,
      role: token.role,
      via: 'token',
      ...(token.expiresAt === null ? {} : { expiresAt: token.expiresAt }),
    };
  }

  /** The principal of a user name and password (or the config's admin), null when wrong; limited. */
  async #password(username: string, password: string, origin: RequestOrigin): Promise<Principal | null> {
    await this.#checkLimit(origin, username);
    const admin = this.#options.configAdmin;
    if (admin && username === admin.username) {
      if (sameSecret(password, admin.password)) return { name: admin.username, role: 'admin', via: 'config' };
      await this.#options.limiter.fail(origin.address, username);
      return null;
    }
    const user = await this.#options.database.users.get(username);
    const key = `${username}\0${sha256(password)}`;
    const cached = this.#verified.get(key);
    const now = this.#now();
    if (user && cached && cached.passwordHash === user.passwordHash && now - cached.at < VERIFIED_CACHE_MS) {
      return { name: user.username, role: user.role, via: 'basic' };
    }
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      await this.#options.limiter.fail(origin.address, username);
      return null;
    }
    await this.#options.limiter.succeed(username);
    this.#verified.delete(key);
    this.#verified.set(key, { passwordHash: user.passwordHash, at: now });
    if (this.#verified.size > VERIFIED_CACHE_SIZE) this.#verified.delete(this.#verified.keys().next().value!);
    return { name: user.username, role: user.role, via: 'basic' };
  }

  async #checkLimit(origin: RequestOrigin, username: string | null): Promise<void> {
    const wait = await this.#options.limiter.retryAfterSeconds(origin.address, username);
    if (wait > 0) {
      throw new DomainError('RATE_LIMITED', `too many failed logins; try again in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(sha256(given), 'hex');
  const b = Buffer.from(sha256(expected), 'hex');
  return timingSafeEqual(a, b);
}

/** The session id of a Cookie header, if it carries ours. */
export function sessionIdOf(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
