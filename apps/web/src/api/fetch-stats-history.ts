import { statsSampleSchema, type StatsSample } from '@supfleet/protocol';
import { readJson } from './read-json';

const samplesSchema = statsSampleSchema.array();

/**
 * The recent samples of an instance's node, or of one of its processes, oldest first. A chart
 * without history still follows the live samples, so a failure is an empty history.
 */
export async function fetchStatsHistory(
  instance: string,
  namespec: string | null,
  signal: AbortSignal,
): Promise<StatsSample[]> {
  const query = new URLSearchParams({ instance });
  if (namespec !== null) query.set('process', namespec);
  const response = await fetch(`/api/v1/stats/history?${query}`, {
    headers: { Accept: 'application/json' },
    signal,
  });
  if (!response.ok) return [];
  const parsed = samplesSchema.safeParse(await readJson(response));
  return parsed.success ? parsed.data : [];
}
