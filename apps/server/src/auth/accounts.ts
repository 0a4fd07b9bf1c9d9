import type { Role, Token, TokenCreated, User } from '@supfleet/protocol';
import { DomainError } from '../errors';
import type { Store } from '../store/store';
import { hashPassword } from './passwords';
import { newSecret, sha256, TOKEN_PREFIX } from './secrets';

const DAY_MS = 86_400_000;

export interface AccountsOptions {
  database: Pick<Store, 'users' | 'tokens' | 'sessions'>;
  /** The config's api_username: no user of the database may take that name. */
  configAdmin?: string | null;
  /** Called when what was verified of a user no longer holds (password changed, user removed). */
  forget?: (username: string) => void;
  /** Over the API, the last admin may not be removed nor demoted (the CLI on the machine may). */
  protectLastAdmin?: boolean;
  now?: () => number;
}

/** Users and tokens, as the API and the CLI manage them; names are checked by the protocol's schemas before. */
export class Accounts {
  readonly #o: AccountsOptions;
  readonly #now: () => number;

  constructor(options: AccountsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  users(): Promise<User[]> {
    return this.#o.database.users.list();
  }

  async addUser(username: string, role: Role, password: string): Promise<User> {
    if (username === this.#o.configAdmin) {
      throw new DomainError('CONFLICT', `${username} is the config's api_username; choose another name`);
    }
    if (await this.#o.database.users.get(username))
      throw new DomainError('CONFLICT', `user ${username} exists`);
    const user = { username, role, createdAt: this.#now() };
    if (!(await this.#o.database.users.add({ ...user, passwordHash: await hashPassword(password) }))) {
      throw new DomainError('CONFLICT', `user ${username} exists`);
    }
    return user;
  }

  async updateUser(username: string, change: { role?: Role; password?: string }): Promise<User> {
    const user = await this.#o.database.users.get(username);
    if (!user) throw new DomainError('NOT_FOUND', `unknown user ${username}`);
    if (change.role && change.role !== 'admin') await this.#keepAnAdmin(username, 'demote');
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    await this.#o.database.users.update(username, { role: change.role, passwordHash });
    if (passwordHash) {
      // A new password ends every session opened with the old one.
      await this.#o.database.sessions.removeUser(username);
      this.#o.forget?.(username);
    }
    const updated = await this.#o.database.users.get(username);
    if (!updated) throw new DomainError('NOT_FOUND', `unknown user ${username}`);
    return { username: updated.username, role: updated.role, createdAt: updated.createdAt };
  }

  async removeUser(username: string): Promise<void> {
    if (!(await this.#o.database.users.get(username)))
      throw new DomainError('NOT_FOUND', `unknown user ${username}`);
    await this.#keepAnAdmin(username, 'remove');
    await this.#o.database.users.remove(username);
    await this.#o.database.sessions.removeUser(username);
    this.#o.forget?.(username);
  }

  tokens(): Promise<Token[]> {
    return this.#o.database.tokens.list();
  }

  /** The secret is in the answer only; the store keeps its sha256. */
  async createToken(name: string, role: Role, expiresDays?: number): Promise<TokenCreated> {
    const secret = newSecret(TOKEN_PREFIX);
    const now = this.#now();
    const token: Token = {
      name,
      role,
      createdAt: now,
      expiresAt: expiresDays === undefined ? null : now + expiresDays * DAY_MS,
      lastUsedAt: null,
    };
    if (!(await this.#o.database.tokens.add({ ...token, hash: sha256(secret) }))) {
      throw new DomainError('CONFLICT', `token ${name} exists; revoke it first or choose another name`);
    }
    return { ...token, token: secret };
  }

  async revokeToken(name: string): Promise<void> {
    if (!(await this.#o.database.tokens.remove(name)))
      throw new DomainError('NOT_FOUND', `unknown token ${name}`);
  }

  async #keepAnAdmin(username: string, what: 'remove' | 'demote'): Promise<void> {
    if (!this.#o.protectLastAdmin || this.#o.configAdmin) return;
    const admins = (await this.#o.database.users.list()).filter((u) => u.role === 'admin');
    if (admins.length === 1 && admins[0]!.username === username) {
      throw new DomainError(
        'CONFLICT',
        `${username} is the last admin; cannot ${what} it (add another admin first, or use "supfleet user" on the server)`,
      );
    }
  }
}
