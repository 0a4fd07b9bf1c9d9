import type { Kysely } from 'kysely';
import type { HistoryEntry, HistoryKind } from '@supfleet/protocol';
import type { Tables } from './schema';

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
  append(entry: NewHistoryEntry): Promise<HistoryEntry>;
  list(filter: HistoryFilter): Promise<HistoryEntry[]>;
  /** Removes the entries older than `before` (epoch ms); resolves with how many. */
  prune(before: number): Promise<number>;
}

export function kyselyHistory(db: Kysely<Tables>): HistoryRepository {
  return {
    async append(entry) {
      const row = await db
        .insertInto('history')
        .values({
          at: entry.at,
          kind: entry.kind,
          application: entry.application,
          instance: entry.instance,
          process: entry.process,
          actor: entry.actor,
          message: entry.message,
          data: JSON.stringify(entry.data),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: Number(row.id), ...entry };
    },
    async list(filter) {
      let query = db.selectFrom('history').selectAll();
      for (const key of ['application', 'instance', 'process', 'kind'] as const) {
        const value = filter[key];
        if (value !== undefined) query = query.where(key, '=', value);
      }
      if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
      if (filter.until !== undefined) query = query.where('at', '<', filter.until);
      const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
      return rows.map((row) => ({
        ...row,
        kind: row.kind as HistoryKind,
        data: JSON.parse(row.data) as Record<string, unknown>,
      }));
    },
    async prune(before) {
      return Number(
        (await db.deleteFrom('history').where('at', '<', before).executeTakeFirst()).numDeletedRows,
      );
    },
  };
}
