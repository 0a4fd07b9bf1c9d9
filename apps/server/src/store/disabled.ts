import type { Migration, SqliteDatabase } from './database';

/** A program a user disabled on one instance: no start, automatic or not, goes there. */
export interface DisabledProgram {
  namespec: string;
  instance: string;
  /** Who disabled it (a principal's name, or `supfleet`). */
  by: string;
  /** Epoch ms. */
  at: number;
}

/** The disabled programs, kept across restarts of the service (Supvisors keeps them on disk too). */
export interface DisabledPrograms {
  list(): DisabledProgram[];
  /** False when it was already disabled there. */
  disable(namespec: string, instance: string, by: string, at: number): boolean;
  /** False when it was not disabled there. */
  enable(namespec: string, instance: string): boolean;
}

export const DISABLED_MIGRATIONS: readonly Migration[] = [
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
];

interface Row {
  namespec: string;
  instance: string;
  disabled_by: string;
  disabled_at: number;
}

export function sqliteDisabledPrograms(db: SqliteDatabase): DisabledPrograms {
  const all = db.prepare<[], Row>(
    'SELECT namespec, instance, disabled_by, disabled_at FROM disabled_programs ORDER BY namespec, instance',
  );
  const insert = db.prepare(
    'INSERT OR IGNORE INTO disabled_programs (namespec, instance, disabled_by, disabled_at) VALUES (?, ?, ?, ?)',
  );
  const remove = db.prepare('DELETE FROM disabled_programs WHERE namespec = ? AND instance = ?');
  return {
    list: () =>
      all.all().map((row) => ({
        namespec: row.namespec,
        instance: row.instance,
        by: row.disabled_by,
        at: row.disabled_at,
      })),
    disable: (namespec, instance, by, at) => insert.run(namespec, instance, by, at).changes > 0,
    enable: (namespec, instance) => remove.run(namespec, instance).changes > 0,
  };
}
