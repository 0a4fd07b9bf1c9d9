import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { roleSchema, tokenCreateBodySchema, userCreateBodySchema, type Role } from '@supfleet/protocol';
import { Accounts } from '../auth/accounts';
import { AuditTrail } from '../audit/audit-trail';
import { ConfigError, loadConfig } from '../config/load-config';
import { DomainError } from '../errors';
import { openStore, storeLocation } from '../store/store';
import { promptHidden, readAllStdin, type Terminal } from './read-password';

export const ADMIN_USAGE = [
  'usage: supfleet user add NAME --role ROLE [--password-stdin] -c CONF',
  '       supfleet user list -c CONF',
  '       supfleet user remove NAME -c CONF',
  '       supfleet user passwd NAME [--password-stdin] -c CONF',
  '       supfleet token create NAME --role ROLE [--expires DAYS] -c CONF',
  '       supfleet token list -c CONF',
  '       supfleet token revoke NAME -c CONF',
];

const HELP = [
  ...ADMIN_USAGE,
  '',
  'Works on the database of the server configured by CONF (its data_dir or database_url); the',
  'server may be running. ROLE is viewer, operator or admin (docs/security.md).',
  '',
  '  -c, --conf CONF      the supervisord-style conf with the [supfleet] section',
  '  -r, --role ROLE      the role of a new user or token',
  '  --password-stdin     read the password from stdin instead of prompting (no echo) twice',
  '  --expires DAYS       the token stops working after DAYS days (default: never)',
  '',
  'A token is printed once, when it is created: only its hash is kept. Give it as',
  '"Authorization: Bearer TOKEN", or as the password of HTTP basic (supfleetctl -p, SUPERVISOR_PASSWORD).',
];

export interface AdminIo extends Terminal {
  out(line: string): void;
  err(line: string): void;
}

class AdminError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** `supfleet user …` and `supfleet token …`; resolves with the exit code. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof AdminError || error instanceof DomainError || error instanceof ConfigError) {
      io.err(`supfleet: ${error.message}`);
      const usage = error instanceof AdminError && error.exitCode === 2;
      if (usage) for (const line of ADMIN_USAGE) io.err(line);
      return error instanceof AdminError ? error.exitCode : 1;
    }
    throw error;
  }
}

async function dispatch(argv: readonly string[], io: AdminIo): Promise<number> {
  const [group, action, ...rest] = argv;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(rest);
  } catch (error) {
    throw new AdminError((error as Error).message, 2);
  }
  const { values, positionals } = parsed;
  if (values.help || action === undefined || action === 'help') {
    for (const line of HELP) io.out(line);
    return 0;
  }
  if (!values.conf) throw new AdminError(`${group} ${action} needs -c CONF`, 2);
  const name = () => {
    if (positionals.length !== 1) throw new AdminError(`${group} ${action} takes one NAME`, 2);
    return positionals[0]!;
  };
  const config = loadConfig(values.conf);
  const store = await openStore(storeLocation(config));
  const trail = new AuditTrail(store.audit);
  try {
    const accounts = new Accounts({ database: store, configAdmin: config.api?.username ?? null });
    const audit = auditor(trail);
    const key = `${group} ${action}`;
    switch (key) {
      case 'user add': {
        const username = name();
        const role = roleOf(values.role);
        const password = await newPassword(io, values['password-stdin'] === true);
        const body = userCreateBodySchema.safeParse({ username, role, password });
        if (!body.success)
          throw new AdminError(body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        await accounts.addUser(username, role, password);
        audit('user.add', username, { role });
        io.out(`user ${username} added (${role})`);
        return 0;
      }
      case 'user list': {
        const users = await accounts.users();
        io.out(
          formatRows(
            ['NAME', 'ROLE', 'CREATED'],
            users.map((u) => [u.username, u.role, date(u.createdAt)]),
          ),
        );
        if (users.length === 0) io.err('no user: the server serves loopback only, everyone there as admin');
        return 0;
      }
      case 'user remove': {
        const username = name();
        await accounts.removeUser(username);
        audit('user.remove', username, {});
        io.out(`user ${username} removed; their sessions are closed`);
        return 0;
      }
      case 'user passwd': {
        const username = name();
        if (!(await store.users.get(username))) throw new AdminError(`unknown user ${username}`);
        const password = await newPassword(io, values['password-stdin'] === true);
        if (password.length < 8) throw new AdminError('password: at least 8 characters');
        await accounts.updateUser(username, { password });
        audit('user.update', username, { password: 'changed' });
        io.out(`password of ${username} changed; their sessions are closed`);
        return 0;
      }
      case 'token create': {
        const tokenName = name();
        const expiresDays = values.expires === undefined ? undefined : Number(values.expires);
        const body = tokenCreateBodySchema.safeParse({
          name: tokenName,
          role: roleOf(values.role),
          expiresDays,
        });
        if (!body.success)
          throw new AdminError(
            body.error.issues.map((i) => `${i.path.join('.') || 'token'}: ${i.message}`).join('; '),
          );
        const created = await accounts.createToken(body.data.name, body.data.role, body.data.expiresDays);
        audit('token.create', tokenName, { role: created.role, expiresDays: expiresDays ?? null });
        io.out(created.token);
        io.err(
          `token ${tokenName} (${created.role}) created${created.expiresAt ? `, expires ${date(created.expiresAt)}` : ''}: copy it now, it is not shown again`,
        );
        return 0;
      }
      case 'token list': {
        const tokens = await accounts.tokens();
        io.out(
          formatRows(
            ['NAME', 'ROLE', 'CREATED', 'EXPIRES', 'LAST USED'],
            tokens.map((t) => [t.name, t.role, date(t.createdAt), date(t.expiresAt), date(t.lastUsedAt)]),
          ),
        );
        return 0;
      }
      case 'token revoke': {
        const tokenName = name();
        await accounts.revokeToken(tokenName);
        audit('token.revoke', tokenName, {});
        io.out(`token ${tokenName} revoked`);
        return 0;
      }
      default:
        throw new AdminError(`unknown command "${key}"`, 2);
    }
  } finally {
    await trail.settled();
    await store.close();
  }
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    options: {
      conf: { type: 'string', short: 'c' },
      role: { type: 'string', short: 'r' },
      'password-stdin': { type: 'boolean' },
      expires: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

function roleOf(value: string | undefined): Role {
  const role = roleSchema.safeParse(value);
  if (!role.success)
    throw new AdminError(`--role must be viewer, operator or admin${value ? ` (got ${value})` : ''}`, 2);
  return role.data;
}

async function newPassword(io: AdminIo, fromStdin: boolean): Promise<string> {
  if (fromStdin) return readAllStdin(io.input);
  if (!io.input.isTTY)
    throw new AdminError('no terminal to ask the password on: give it on stdin with --password-stdin');
  const first = await promptHidden(io, 'Password: ');
  if (first === null) throw new AdminError('cancelled');
  const second = await promptHidden(io, 'Password again: ');
  if (first !== second) throw new AdminError('the passwords differ');
  return first;
}

/** The CLI's changes are audited as the system user who ran them, on the interface `cli`. */
function auditor(trail: AuditTrail) {
  const actor = (() => {
    try {
      return userInfo().username;
    } catch {
      return 'unknown';
    }
  })();
  return (action: string, target: string, params: Record<string, unknown>) =>
    trail.record({
      actor,
      role: null,
      address: null,
      interface: 'cli',
      action,
      target,
      params,
      result: 'succeeded',
    });
}

function date(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function formatRows(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
