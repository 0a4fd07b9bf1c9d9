import type { Migration } from './migration';

/**
 * The schema on PostgreSQL, in order, with the ids of the SQLite schema: times are epoch ms in
 * BIGINT (read back as numbers), ids of appended rows are identities.
 */
export const POSTGRESQL_MIGRATIONS: readonly Migration[] = [
  {
    id: 'users:1',
    sql: `CREATE TABLE users (
      username TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
  },
  {
    id: 'tokens:1',
    sql: `CREATE TABLE tokens (
      name TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      expires_at BIGINT,
      last_used_at BIGINT
    )`,
  },
  {
    id: 'sessions:1',
    sql: `CREATE TABLE sessions (
      hash TEXT PRIMARY KEY,
      username TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE INDEX sessions_username ON sessions (username)`,
  },
  {
    id: 'audit:1',
    sql: `CREATE TABLE audit (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at BIGINT NOT NULL,
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
      disabled_at BIGINT NOT NULL,
      PRIMARY KEY (namespec, instance)
    )`,
  },
  {
    id: 'history:1',
    sql: `CREATE TABLE history (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at BIGINT NOT NULL,
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
    CREATE INDEX history_process_at ON history (process, at)`,
  },
  {
    id: 'jobs:1',
    sql: `CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      number BIGINT NOT NULL,
      state TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      ended_at BIGINT,
      body TEXT NOT NULL
    );
    CREATE INDEX jobs_by_number ON jobs (number)`,
  },
  {
    // PostgreSQL only: one leader among the replicas (store/leader-lease.ts); SQLite serves one server.
    id: 'lease:1',
    sql: `CREATE TABLE leader_lease (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      epoch BIGINT NOT NULL,
      expires_at TIMESTAMPTZ NOT NULL
    )`,
  },
  {
    // Where the holder answers, so that a follower can name it to a caller.
    id: 'lease:2',
    sql: `ALTER TABLE leader_lease ADD COLUMN url TEXT NOT NULL DEFAULT ''`,
  },
  {
    // Actions received by a follower, run by the leader (leader/action-queue-runner.ts).
    id: 'actions:1',
    sql: `CREATE TABLE forwarded_actions (
      id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      request TEXT NOT NULL,
      requested_by TEXT NOT NULL,
      state TEXT NOT NULL,
      claimed_by TEXT,
      claimed_epoch BIGINT,
      answer TEXT,
      created_at BIGINT NOT NULL
    );
    CREATE INDEX forwarded_actions_state ON forwarded_actions (state, id)`,
  },
  {
    // Failed logins, shared by the replicas so that the limits hold across them (auth/failure-limiter.ts).
    id: 'login-failures:1',
    sql: `CREATE TABLE login_failures (
      key TEXT NOT NULL,
      at BIGINT NOT NULL
    );
    CREATE INDEX login_failures_key_at ON login_failures (key, at);
    CREATE INDEX login_failures_at ON login_failures (at)`,
  },
];
