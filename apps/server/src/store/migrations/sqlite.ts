import type { Migration } from './migration';

/** The schema on SQLite, in order (the ids are those of the PostgreSQL schema). */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'users:1',
    sql: `CREATE TABLE users (
      username TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL
    )`,
  },
  {
    id: 'tokens:1',
    sql: `CREATE TABLE tokens (
      name TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER,
      last_used_at INTEGER
    )`,
  },
  {
    id: 'sessions:1',
    sql: `CREATE TABLE sessions (
      hash TEXT PRIMARY KEY,
      username TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE INDEX sessions_username ON sessions (username)`,
  },
  {
    id: 'audit:1',
    sql: `CREATE TABLE audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      role TEXT,
      address TEXT,
      interface TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT,
      params TEXT NOT NULL,
      result TEXT NOT NULL,
      reason TEXT,
      job_id TEXT
    );
    CREATE INDEX audit_at ON audit (at);
    CREATE INDEX audit_job ON audit (job_id)`,
  },
  {
    id: 'disabled:1',
    sql: `CREATE TABLE disabled_programs (
      namespec TEXT NOT NULL,
      instance TEXT NOT NULL,
      disabled_by TEXT NOT NULL,
      disabled_at INTEGER NOT NULL,
      PRIMARY KEY (namespec, instance)
    )`,
  },
  {
    id: 'history:1',
    sql: `
      CREATE TABLE history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        application TEXT,
        instance TEXT,
        process TEXT,
        actor TEXT,
        message TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX history_at ON history (at);
      CREATE INDEX history_application_at ON history (application, at);
      CREATE INDEX history_instance_at ON history (instance, at);
      CREATE INDEX history_process_at ON history (process, at);
    `,
  },
  {
    id: 'jobs:1',
    sql: `CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      number INTEGER NOT NULL,
      state TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      ended_at INTEGER,
      body TEXT NOT NULL
    );
    CREATE INDEX jobs_by_number ON jobs (number);`,
  },
  {
    // One server never forwards; the table is here so that the store is the same on both engines.
    id: 'actions:1',
    sql: `CREATE TABLE forwarded_actions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      request TEXT NOT NULL,
      requested_by TEXT NOT NULL,
      state TEXT NOT NULL,
      claimed_by TEXT,
      claimed_epoch INTEGER,
      answer TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX forwarded_actions_state ON forwarded_actions (state, id);`,
  },
  {
    // Failed logins, shared by the replicas so that the limits hold across them (auth/failure-limiter.ts).
    id: 'login-failures:1',
    sql: `CREATE TABLE login_failures (
      key TEXT NOT NULL,
      at INTEGER NOT NULL
    );
    CREATE INDEX login_failures_key_at ON login_failures (key, at);
    CREATE INDEX login_failures_at ON login_failures (at)`,
  },
];
