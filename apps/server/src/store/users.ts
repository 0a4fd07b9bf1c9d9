import type { Kysely } from 'kysely';
import type { Role, User } from '@supfleet/protocol';
import type { Tables } from './schema';

export interface UserRecord extends User {
  /** `scrypt$N$r$p$salt$hash` (auth/passwords.ts). */
  passwordHash: string;
}

/** The people who may log in, with their role and password hash. */
export interface UserRepository {
  list(): Promise<User[]>;
  get(username: string): Promise<UserRecord | undefined>;
  count(): Promise<number>;
  /** False when the name is taken. */
  add(user: UserRecord): Promise<boolean>;
  /** False when there is no such user. */
  update(username: string, change: { role?: Role; passwordHash?: string }): Promise<boolean>;
  remove(username: string): Promise<boolean>;
}

export function kyselyUsers(db: Kysely<Tables>): UserRepository {
  return {
    list: async () =>
      (
        await db.selectFrom('users').select(['username', 'role', 'created_at']).orderBy('username').execute()
      ).map((row) => ({ username: row.username, role: row.role as Role, createdAt: row.created_at })),
    get: async (username) => {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return (
        row && {
          username: row.username,
          role: row.role as Role,
          createdAt: row.created_at,
          passwordHash: row.password_hash,
        }
      );
    },
    count: async () => {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    add: async (user) => {
      const result = await db
        .insertInto('users')
        .values({
          username: user.username,
          role: user.role,
          password_hash: user.passwordHash,
          created_at: user.createdAt,
        })
        .onConflict((oc) => oc.column('username').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    update: async (username, change) => {
      const set = {
        ...(change.role ? { role: change.role } : {}),
        ...(change.passwordHash ? { password_hash: change.passwordHash } : {}),
      };
      // Nothing to change: still true for a user that exists.
      if (Object.keys(set).length === 0)
        return (
          (await db
            .selectFrom('users')
            .select('username')
            .where('username', '=', username)
            .executeTakeFirst()) !== undefined
        );
      const result = await db
        .updateTable('users')
        .set(set)
        .where('username', '=', username)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    remove: async (username) =>
      Number(
        (await db.deleteFrom('users').where('username', '=', username).executeTakeFirst()).numDeletedRows,
      ) === 1,
  };
}
