import { sql, type Kysely } from 'kysely';
import { kyselyActionQueue, type ActionQueue } from './action-queue';
import { DomainError } from '../errors';
import { kyselyAudit, type AuditRepository } from './audit';
import { kyselyDisabledPrograms, type DisabledPrograms } from './disabled';
import { kyselyHistory, type HistoryRepository } from './history';
import { kyselyJobs, type JobsRepository } from './jobs';
import { postgresLeaderLease, type LeaderLease } from './leader-lease';
import { kyselyLoginFailures, type LoginFailureRepository } from './login-failures';
import { isUnavailable } from './open-error';
import { openPostgres, type PostgresLocation } from './postgres-database';
import type { Tables } from './schema';
import { kyselySessions, type SessionRepository } from './sessions';
import { openSqlite } from './sqlite-database';
import { kyselyTokens, type TokenRepository } from './tokens';
import { kyselyUsers, type UserRepository } from './users';
import { localSignals, postgresSignals, type StoreSignals } from './store-signals';

export type StoreEngine = 'sqlite' | 'postgresql';

/** SQLite in `data_dir` (the default, one server), or PostgreSQL at `database_url` (replicas). */
export type StoreLocation =
  { engine: 'sqlite'; dataDir: string } | ({ engine: 'postgresql' } & PostgresLocation);

/**
 * Everything supfleet keeps across restarts, behind one interface: each part (users, tokens,
 * sessions, failed logins, audit, jobs, history, disabled programs) is a small repository of its own, the same
 * Kysely queries on SQLite and PostgreSQL. Nothing outside `store/` touches SQL. A database that
 * cannot answer (lost, restarting, locked) fails the call with a DomainError UNAVAILABLE (503).
 */
export interface Store {
  engine: StoreEngine;
  /** Programs disabled on an instance by a user. */
  disabled: DisabledPrograms;
  users: UserRepository;
  tokens: TokenRepository;
  sessions: SessionRepository;
  /** Failed logins, counted across replicas (auth/failure-limiter.ts). */
  loginFailures: LoginFailureRepository;
  audit: AuditRepository;
  history: HistoryRepository;
  jobs: JobsRepository;
  /** The leader lease among replicas (PostgreSQL); null on SQLite, where the one server leads. */
  leaderLease: LeaderLease | null;
  /** Actions a follower received, for the leader to run (leader/action-forwarding.ts). */
  actions: ActionQueue;
  /** Wake-ups between replicas (LISTEN / NOTIFY on PostgreSQL; in the process on SQLite). */
  signals: StoreSignals;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A call failed because the database could not answer; the caller gets a 503 with the reason. */
  onUnavailable?: (error: unknown) => void;
}

/** The store's location from the service config: `database` (database_url) if set, else `dataDir`. */
export function storeLocation(config: { dataDir: string; database: PostgresLocation | null }): StoreLocation {
  return config.database
    ? { engine: 'postgresql', ...config.database }
    : { engine: 'sqlite', dataDir: config.dataDir };
}

/** Opens the store and brings its schema up to date; throws StoreOpenError with one line naming the setting. */
export async function openStore(location: StoreLocation, options: StoreOptions = {}): Promise<Store> {
  const db =
    location.engine === 'sqlite'
      ? openSqlite(location.dataDir)
      : await openPostgres(location, {
          onIdleError: (error) => options.onUnavailable?.(error),
        });
  const signals =
    location.engine === 'sqlite'
      ? localSignals()
      : postgresSignals(
          location,
          async (channel, payload) => {
            await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db);
          },
          (error) => options.onUnavailable?.(error),
        );
  return createStore(location.engine, db, signals, options);
}

function createStore(
  engine: StoreEngine,
  db: Kysely<Tables>,
  signals: StoreSignals,
  options: StoreOptions,
): Store {
  const guard = <T extends object>(repository: T): T => guarded(repository, options);
  let closed: Promise<void> | undefined;
  return {
    engine,
    disabled: guard(kyselyDisabledPrograms(db)),
    users: guard(kyselyUsers(db)),
    tokens: guard(kyselyTokens(db)),
    sessions: guard(kyselySessions(db)),
    loginFailures: guard(kyselyLoginFailures(db)),
    audit: guard(kyselyAudit(db)),
    history: guard(kyselyHistory(db)),
    jobs: guard(kyselyJobs(db)),
    leaderLease: engine === 'postgresql' ? guard(postgresLeaderLease(db)) : null,
    actions: guard(kyselyActionQueue(db)),
    signals,
    close: () => (closed ??= signals.close().then(() => db.destroy())),
  };
}

/** The same repository, each call's "database cannot answer" turned into a 503 with the reason. */
function guarded<T extends object>(repository: T, options: StoreOptions): T {
  const out: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(repository)) {
    out[name] = async (...args: unknown[]): Promise<unknown> => {
      try {
        return await (method as (...args: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        options.onUnavailable?.(error);
        const reason = (error as Error).message.split('\n')[0] || (error as { code?: string }).code;
        throw new DomainError('UNAVAILABLE', `database unavailable: ${reason}`);
      }
    };
  }
  return out as T;
}
