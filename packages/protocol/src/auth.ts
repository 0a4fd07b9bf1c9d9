import { z } from 'zod';

/** viewer sees everything; operator also acts; admin also manages users, tokens, audit, reloads (SPEC section 9). */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** True when a principal of role `have` may do what needs role `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

/** The actor of the automatic actions (running failure strategies, conciliation, auto_start) in the audit log. */
export const SYSTEM_ACTOR = 'supfleet';

const name = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');

/** GET / POST /api/v1/session: who is logged in. `via: 'local'`: loopback with no user defined. */
export const sessionInfoSchema = z.object({
  username: z.string(),
  role: roleSchema,
  via: z.enum(['session', 'token', 'basic', 'config', 'local']),
  /** Epoch ms when a session cookie expires; null for other ways in. */
  expiresAt: z.number().nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const loginBodySchema = z
  .object({ username: z.string().min(1), password: z.string().min(1) })
  .strict();
export type LoginBody = z.infer<typeof loginBodySchema>;

export const userSchema = z.object({ username: z.string(), role: roleSchema, createdAt: z.number() });
export type User = z.infer<typeof userSchema>;
export const userCreateBodySchema = z
  .object({ username: name, role: roleSchema, password: z.string().min(8).max(1024) })
  .strict();
export const userUpdateBodySchema = z
  .object({ role: roleSchema.optional(), password: z.string().min(8).max(1024).optional() })
  .strict();

export const tokenSchema = z.object({
  name: z.string(),
  role: roleSchema,
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});
export type Token = z.infer<typeof tokenSchema>;
export const tokenCreateBodySchema = z
  .object({ name, role: roleSchema, expiresDays: z.number().int().positive().max(3650).optional() })
  .strict();
/** The answer to a token creation: the only time the secret is shown. */
export const tokenCreatedSchema = tokenSchema.extend({ token: z.string() });
export type TokenCreated = z.infer<typeof tokenCreatedSchema>;

/** Where an action came from; the page sends `X-Supfleet-Client: page`, supfleetctl `cli`. */
export const auditInterfaceSchema = z.enum(['page', 'rest', 'xmlrpc', 'cli', 'socket', 'system']);
export const auditResultSchema = z.enum(['accepted', 'succeeded', 'failed', 'refused']);
export const auditEntrySchema = z.object({
  id: z.number().int(),
  /** Epoch ms. */
  at: z.number(),
  actor: z.string(),
  role: roleSchema.nullable(),
  address: z.string().nullable(),
  interface: auditInterfaceSchema,
  /** e.g. `application.restart`, `user.add`, `session.login`. */
  action: z.string(),
  /** e.g. `scen1`, `scen1:scen1_hci`, `alice`; null for actions on everything. */
  target: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  result: auditResultSchema,
  reason: z.string().nullable(),
  jobId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema) });

/** An instant in a query: epoch milliseconds or an ISO 8601 date. */
const instant = z.union([
  z.coerce.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
  z.iso.date().transform((text) => Date.parse(text)),
]);

/** GET /api/v1/audit?actor=&target=&since=&until=&limit= (newest first). */
export const auditQuerySchema = z
  .object({
    actor: z.string().min(1).optional(),
    target: z.string().min(1).optional(),
    since: instant.optional(),
    until: instant.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type AuditQuery = z.input<typeof auditQuerySchema>;
