import {
  actionResultSchema,
  apiPath,
  API_PREFIX,
  errorBodySchema,
  type Job,
  type StartingStrategy,
} from '@supfleet/protocol';
import { ApiError } from './api-error';
import { pageHeaders } from './page-headers';
import { readJson } from './read-json';

export type ApplicationAction = 'start' | 'stop' | 'restart';
export type ProcessAction = 'start' | 'stop' | 'restart';

export function postApplicationAction(
  name: string,
  action: ApplicationAction,
  strategy?: StartingStrategy,
): Promise<Job> {
  return postAction(
    API_PREFIX + apiPath(`post /applications/:name/${action}`, { name }),
    strategy === undefined ? {} : { strategy },
  );
}

export function postProcessAction(namespec: string, action: ProcessAction, instance?: string): Promise<Job> {
  return postAction(
    API_PREFIX + apiPath(`post /processes/:namespec/${action}`, { namespec }),
    instance === undefined || action === 'stop' ? {} : { instance },
  );
}

/** Ends a conflict: the process keeps running on `keep` only. */
export function postConflictResolve(namespec: string, keep: string): Promise<Job> {
  return postAction(API_PREFIX + apiPath('post /conflicts/:namespec/resolve', { namespec }), { keep });
}

/** Asks for an action without waiting for its end: the server answers with the job it started. */
async function postAction(path: string, fields: Record<string, unknown> = {}): Promise<Job> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: pageHeaders('POST'),
      body: JSON.stringify({ ...fields, wait: false }),
    });
  } catch (error) {
    throw new ApiError(`Cannot reach the server (${errorMessage(error)})`, null, null);
  }
  const body = await readJson(response);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    if (parsed.success)
      throw new ApiError(parsed.data.error.message, response.status, parsed.data.error.code);
    throw new ApiError(
      `The server answered ${response.status} ${response.statusText}`.trim(),
      response.status,
      null,
    );
  }
  const parsed = actionResultSchema.safeParse(body);
  if (!parsed.success)
    throw new ApiError('The server accepted the request but its answer is unreadable', response.status, null);
  return parsed.data.job;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
