import type { Kysely } from 'kysely';
import type { Tables } from './schema';

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
  list(): Promise<DisabledProgram[]>;
  /** False when it was already disabled there. */
  disable(namespec: string, instance: string, by: string, at: number): Promise<boolean>;
  /** False when it was not disabled there. */
  enable(namespec: string, instance: string): Promise<boolean>;
}

export function kyselyDisabledPrograms(db: Kysely<Tables>): DisabledPrograms {
  return {
    list: async () =>
      (
        await db.selectFrom('disabled_programs').selectAll().orderBy('namespec').orderBy('instance').execute()
      ).map((row) => ({
        namespec: row.namespec,
        instance: row.instance,
        by: row.disabled_by,
        at: row.disabled_at,
      })),
    disable: async (namespec, instance, by, at) => {
      const result = await db
        .insertInto('disabled_programs')
        .values({ namespec, instance, disabled_by: by, disabled_at: at })
        .onConflict((oc) => oc.columns(['namespec', 'instance']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    enable: async (namespec, instance) => {
      const result = await db
        .deleteFrom('disabled_programs')
        .where('namespec', '=', namespec)
        .where('instance', '=', instance)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
