import { actionResultSchema, errorBodySchema, type Job } from '@supfleet/protocol';
import { ApiError } from './api-error';

export type ApplicationAction = 'start' | 'stop' | 'restart';
export type ProcessAction = 'start' | 'stop';

export function postApplicationAction(name: string, action: ApplicationAction): Promise<Job> {
  return postAction(`/api/v1/applications/${encodeURIComponent(name)}/${action}`);
}

export function postProcessAction(namespec: string, action: ProcessAction): Promise<Job> {
  return postAction(`/api/v1/processes/${encodeURIComponent(namespec)}/${action}`);
}

/** Asks for an action without waiting for its end: the server answers with the job it started. */
async function postAction(path: string): Promise<Job> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ wait: false }),
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

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
