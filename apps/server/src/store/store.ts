import { openDatabase, type Migration, type SqliteDatabase } from './database';
import { AUDIT_MIGRATIONS, sqliteAudit, type AuditRepository } from './audit';
import { SESSIONS_MIGRATIONS, sqliteSessions, type SessionRepository } from './sessions';
import { TOKENS_MIGRATIONS, sqliteTokens, type TokenRepository } from './tokens';
import { USERS_MIGRATIONS, sqliteUsers, type UserRepository } from './users';

/**
 * Everything supfleet keeps across restarts, behind one interface: each part (users, tokens,
 * sessions, audit, jobs, history, disabled programs) is a small repository of its own, so that
 * another database (PostgreSQL for several replicas) can implement the same interface later.
 * Nothing outside `store/` touches SQL.
 */
export interface Store {
  users: UserRepository;
  tokens: TokenRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  close(): void;
}

/** The schema of every part, in order; a part appends its migrations here. */
const MIGRATIONS: readonly Migration[] = [
  ...USERS_MIGRATIONS,
  ...TOKENS_MIGRATIONS,
  ...SESSIONS_MIGRATIONS,
  ...AUDIT_MIGRATIONS,
];

/** The SQLite store in `dataDir` (created with mode 0700). */
export function openStore(dataDir: string): Store {
  const db = openDatabase(dataDir, MIGRATIONS);
  return createSqliteStore(db);
}

function createSqliteStore(db: SqliteDatabase): Store {
  return {
    users: sqliteUsers(db),
    tokens: sqliteTokens(db),
    sessions: sqliteSessions(db),
    audit: sqliteAudit(db),
    close() {
      db.close();
    },
  };
}
