import { errorBodySchema } from '@supfleet/protocol';
import type { z } from 'zod';
import { ApiError, CliError, NotSupportedError, ServerUnreachableError } from './cli-errors';

export interface Credentials {
  username: string;
  password: string;
}

/** What the server sent (for --json) and the same answer checked against its schema. */
export interface Answer<T> {
  data: T;
  raw: unknown;
}

export interface ApiClientOptions {
  credentials?: Credentials;
  /** A server that accepts the connection but never answers must not hang the CLI. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The REST API under /api/v1, with every failure turned into a CliError that says what to do. */
export class ApiClient {
  readonly baseUrl: string;
  readonly #authorization: string | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, options: ApiClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    const { credentials } = options;
    this.#authorization = credentials
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : undefined;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#fetch = options.fetch ?? fetch;
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<Answer<z.infer<S>>> {
    return this.#request('GET', path, undefined, schema);
  }

  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<Answer<z.infer<S>>> {
    return this.#request('POST', path, body, schema);
  }

  async #request<S extends z.ZodType>(
    method: string,
    path: string,
    body: unknown,
    schema: S,
  ): Promise<Answer<z.infer<S>>> {
    const url = `${this.baseUrl}/api/v1${path}`;
    // The audit log records the interface an action came through.
    const headers: Record<string, string> = { accept: 'application/json', 'x-supfleet-client': 'cli' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#authorization) headers.authorization = this.#authorization;
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw this.#unreachable(error);
    }
    const raw = parseJson(text);
    if (!response.ok) throw answerError(response, raw, method, `/api/v1${path}`);
    if (raw === undefined)
      throw new CliError(
        `${method} ${url}: the server's answer is not JSON (is ${this.baseUrl} a supfleet server?)`,
      );
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'unexpected shape';
      throw new CliError(
        `${method} ${url}: unexpected answer (${where}); are the CLI and the server of the same version?`,
      );
    }
    return { data: parsed.data, raw };
  }

  #unreachable(error: unknown): CliError {
    if (error instanceof Error && error.name === 'TimeoutError') {
      return new ServerUnreachableError(
        `the supfleet server at ${this.baseUrl} did not answer within ${this.#timeoutMs / 1000} s`,
      );
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = (cause as { code?: unknown } | null)?.code;
    const reason = typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
    return new ServerUnreachableError(
      `cannot reach the supfleet server at ${this.baseUrl} (${reason}); is it running? Give its URL with -s URL or SUPFLEET_URL`,
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function answerError(response: Response, raw: unknown, method: string, path: string): CliError {
  const parsed = errorBodySchema.safeParse(raw);
  if (!parsed.success) {
    if (response.status === 404) return new NotSupportedError(method, path);
    return new CliError(`${method} ${path}: HTTP ${response.status} ${response.statusText}`);
  }
  const { code, message } = parsed.data.error;
  if (response.status === 404 && message.startsWith('no route')) return new NotSupportedError(method, path);
  if (response.status === 401) {
    return new ApiError(
      response.status,
      code,
      `${message} (give credentials with -u/-p or SUPFLEET_USERNAME/SUPFLEET_PASSWORD)`,
    );
  }
  return new ApiError(response.status, code, message);
}
