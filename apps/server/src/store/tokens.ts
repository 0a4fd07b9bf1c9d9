import type { Kysely, Selectable } from 'kysely';
import type { Role, Token } from '@supfleet/protocol';
import type { Tables } from './schema';

export interface TokenRecord extends Token {
  /** sha256 of the secret, hex: the secret itself is never stored. */
  hash: string;
}

/** API tokens (service accounts): a name, a role, the hash of the secret, an optional expiry. */
export interface TokenRepository {
  list(): Promise<Token[]>;
  byHash(hash: string): Promise<TokenRecord | undefined>;
  /** False when the name is taken. */
  add(token: TokenRecord): Promise<boolean>;
  remove(name: string): Promise<boolean>;
  touch(name: string, at: number): Promise<void>;
}

const token = (row: Selectable<Tables['tokens']>): Token => ({
  name: row.name,
  role: row.role as Role,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
});

export function kyselyTokens(db: Kysely<Tables>): TokenRepository {
  return {
    list: async () => (await db.selectFrom('tokens').selectAll().orderBy('name').execute()).map(token),
    byHash: async (hash) => {
      const row = await db.selectFrom('tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row && { ...token(row), hash: row.hash };
    },
    add: async (t) => {
      const result = await db
        .insertInto('tokens')
        .values({
          name: t.name,
          role: t.role,
          hash: t.hash,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    remove: async (name) =>
      Number((await db.deleteFrom('tokens').where('name', '=', name).executeTakeFirst()).numDeletedRows) ===
      1,
    touch: async (name, at) => {
      await db.updateTable('tokens').set({ last_used_at: at }).where('name', '=', name).execute();
    },
  };
}
