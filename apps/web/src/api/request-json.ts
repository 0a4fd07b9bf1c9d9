import { errorBodySchema } from '@supfleet/protocol';
import { ApiError } from './api-error';
import { pageHeaders } from './page-headers';
import { readJson } from './read-json';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What the page needs of a protocol zod schema (web does not depend on zod itself). */
export interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

interface RequestOptions<T> {
  method?: Method;
  body?: unknown;
  /** The answer's shape; without one the answer is not read (204 and the like). */
  schema?: Schema<T>;
  signal?: AbortSignal;
}

/**
 * One REST call of the page: its headers, the body as JSON, a refusal as an ApiError carrying
 * the server's message, and the answer checked against its schema.
 */
export async function requestJson<T>(
  path: string,
  options: RequestOptions<T> & { schema: Schema<T> },
): Promise<T>;
export async function requestJson(path: string, options?: RequestOptions<never>): Promise<void>;
export async function requestJson<T>(
  path: string,
  { method = 'GET', body, schema, signal }: RequestOptions<T> = {},
): Promise<T | void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: pageHeaders(method),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(`Cannot reach the server (${errorMessage(error)})`, null, null);
  }
  if (!response.ok) throw await refusal(response);
  if (!schema) return;
  const parsed = schema.safeParse(await readJson(response));
  if (!parsed.success) throw new ApiError('The server’s answer is unreadable', response.status, null);
  return parsed.data;
}

/** The ApiError of an answer that is not 2xx, with the server's reason when it gave one. */
export async function refusal(response: Response): Promise<ApiError> {
  const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
  const parsed = errorBodySchema.safeParse(await readJson(response));
  if (parsed.success)
    return new ApiError(parsed.data.error.message, response.status, parsed.data.error.code, retryAfter);
  return new ApiError(
    `The server answered ${response.status} ${response.statusText}`.trim(),
    response.status,
    null,
    retryAfter,
  );
}

/** Retry-After in seconds (a number of seconds or an HTTP date), null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
