import { errorBodySchema, logTailSchema } from '@supfleet/protocol';
import type { LogTailAnswer } from '../lib/append-log-tail';
import { pageHeaders } from './page-headers';
import { readJson } from './read-json';

export type LogChannel = 'stdout' | 'stderr';

/** How much one request asks for: the first answer shows at most this much of the log's end. */
export const LOG_TAIL_LENGTH = 16_384;

/** A piece of the log, or why there is none this time (instance down, unknown process...). */
export type LogTailResult = { ok: true; tail: LogTailAnswer } | { ok: false; message: string };

/**
 * One request of a log panel. A refusal is an answer to show, not an exception: the panel keeps
 * polling and recovers when the instance does.
 */
export async function fetchLogTail(
  namespec: string,
  channel: LogChannel,
  offset: number,
  signal: AbortSignal,
): Promise<LogTailResult> {
  const query = new URLSearchParams({ offset: String(offset), length: String(LOG_TAIL_LENGTH) });
  let response: Response;
  try {
    response = await fetch(`/api/v1/processes/${encodeURIComponent(namespec)}/logs/${channel}?${query}`, {
      headers: pageHeaders(),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return { ok: false, message: `Cannot reach the server (${errorMessage(error)})` };
  }
  const body = await readJson(response);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    const why = parsed.success
      ? parsed.data.error.message
      : `the server answered ${response.status} ${response.statusText}`.trim();
    return { ok: false, message: `Cannot read the log: ${why}` };
  }
  const parsed = logTailSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, message: 'Cannot read the log: the server’s answer is unreadable' };
  return { ok: true, tail: parsed.data };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
