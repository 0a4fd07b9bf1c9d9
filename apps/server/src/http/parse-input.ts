import type { z } from 'zod';
import { DomainError } from '../errors';

/** A body or a query checked against its protocol schema; 400 naming each wrong field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'request body',
): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new DomainError('BAD_REQUEST', `invalid ${what}: ${message}`, parsed.error.issues);
  }
  return parsed.data;
}
