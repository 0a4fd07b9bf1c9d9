import type { HistoryEntry, HistoryKind } from '@supfleet/protocol';
import type { Migration, SqliteDatabase } from './database';

export type NewHistoryEntry = Omit<HistoryEntry, 'id'>;

export interface HistoryFilter {
  application?: string;
  instance?: string;
  process?: string;
  kind?: HistoryKind;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, exclusive. */
  until?: number;
  limit: number;
}

/** The history of what happened to the fleet, newest first. */
export interface HistoryRepository {
  append(entry: NewHistoryEntry): HistoryEntry;
  list(filter: HistoryFilter): HistoryEntry[];
  /** Removes the entries older than `before` (epoch ms); resolves with how many. */
  prune(before: number): number;
}

export const HISTORY_MIGRATIONS: readonly Migration[] = [
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
];

interface Row {
  id: number;
  at: number;
  kind: HistoryKind;
  application: string | null;
  instance: string | null;
  process: string | null;
  actor: string | null;
  message: string;
  data: string;
}

export function createSqliteHistory(db: SqliteDatabase): HistoryRepository {
  const insert = db.prepare<
    [number, string, string | null, string | null, string | null, string | null, string, string]
  >(
    'INSERT INTO history (at, kind, application, instance, process, actor, message, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const prune = db.prepare<[number]>('DELETE FROM history WHERE at < ?');
  return {
    append(entry) {
      const result = insert.run(
        entry.at,
        entry.kind,
        entry.application,
        entry.instance,
        entry.process,
        entry.actor,
        entry.message,
        JSON.stringify(entry.data),
      );
      return { id: Number(result.lastInsertRowid), ...entry };
    },
    list(filter) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      for (const key of ['application', 'instance', 'process', 'kind'] as const) {
        const value = filter[key];
        if (value === undefined) continue;
        where.push(`${key} = ?`);
        params.push(value);
      }
      if (filter.since !== undefined) {
        where.push('at >= ?');
        params.push(filter.since);
      }
      if (filter.until !== undefined) {
        where.push('at < ?');
        params.push(filter.until);
      }
      const sql =
        `SELECT * FROM history${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}` +
        ' ORDER BY at DESC, id DESC LIMIT ?';
      return db
        .prepare<(string | number)[], Row>(sql)
        .all(...params, filter.limit)
        .map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
    },
    prune(before) {
      return prune.run(before).changes;
    },
  };
}
