import type { Generated } from 'kysely';

/**
 * The tables of the store as Kysely sees them, the same on SQLite and PostgreSQL: times are epoch
 * ms (BIGINT on PostgreSQL, read back as numbers), JSON is kept as text.
 */
export interface Tables {
  schema_migrations: { id: string; applied_at: number };
  users: { username: string; role: string; password_hash: string; created_at: number };
  tokens: {
    name: string;
    role: string;
    hash: string;
    created_at: number;
    expires_at: number | null;
    last_used_at: number | null;
  };
  sessions: { hash: string; username: string; created_at: number; expires_at: number };
  /** Failed logins by key (`address:…`, `user:…`), kept for one limit window. */
  login_failures: { key: string; at: number };
  audit: {
    id: Generated<number>;
    at: number;
    actor: string;
    role: string | null;
    address: string | null;
    interface: string;
    action: string;
    target: string | null;
    params: string;
    result: string;
    reason: string | null;
    job_id: string | null;
  };
  disabled_programs: { namespec: string; instance: string; disabled_by: string; disabled_at: number };
  history: {
    id: Generated<number>;
    at: number;
    kind: string;
    application: string | null;
    instance: string | null;
    process: string | null;
    actor: string | null;
    message: string;
    data: string;
  };
  jobs: {
    id: string;
    number: number;
    state: string;
    created_at: number;
    ended_at: number | null;
    body: string;
  };
  /** PostgreSQL only (replicas): who leads, at which epoch, until when on the database's clock. */
  leader_lease: { name: string; holder: string; epoch: number; expires_at: Date; url: string };
  /** Actions received by a follower and handed to the leader: pending, claimed, answered. */
  forwarded_actions: {
    id: Generated<number>;
    request: string;
    requested_by: string;
    state: string;
    claimed_by: string | null;
    claimed_epoch: number | null;
    answer: string | null;
    created_at: number;
  };
}
