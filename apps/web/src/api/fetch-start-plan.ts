import { errorBodySchema, startPlanSchema, type StartingStrategy, type StartPlan } from '@supfleet/protocol';
import { ApiError } from './api-error';
import { readJson } from './read-json';

/** The dry run of a start or restart of an application: nothing is started. */
export async function fetchStartPlan(
  application: string,
  action: 'start' | 'restart',
  signal: AbortSignal,
  strategy?: StartingStrategy,
): Promise<StartPlan> {
  const query = new URLSearchParams({ action });
  if (strategy !== undefined) query.set('strategy', strategy);
  const response = await fetch(`/api/v1/applications/${encodeURIComponent(application)}/plan?${query}`, {
    headers: { Accept: 'application/json' },
    signal,
  });
  const body = await readJson(response);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    throw new ApiError(
      parsed.success ? parsed.data.error.message : `the server answered ${response.status}`,
      response.status,
      parsed.success ? parsed.data.error.code : null,
    );
  }
  return startPlanSchema.parse(body);
}
