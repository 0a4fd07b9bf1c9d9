import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import {
  apiPath,
  API_PREFIX,
  historyEntrySchema,
  processRulesAnswerSchema,
  statsSampleSchema,
  type HistoryEntry,
  type StatsSample,
} from '@supfleet/protocol';
import { requestJson } from '../api/request-json';

type ProcessRules = ReturnType<typeof processRulesAnswerSchema.parse>;

/** The rules that apply to a process and the rule (file:line) that gave them. */
export function useProcessRules(namespec: string): UseQueryResult<ProcessRules> {
  return useQuery({
    queryKey: ['process-rules', namespec],
    queryFn: ({ signal }) =>
      requestJson(API_PREFIX + apiPath('get /rules/processes/:namespec', { namespec }), {
        schema: processRulesAnswerSchema,
        signal,
      }),
    staleTime: 60_000,
  });
}

/** The last history entries of a process, newest first; asked again when it changes state. */
export function useProcessHistory(namespec: string, state: string): UseQueryResult<HistoryEntry[]> {
  return useQuery({
    queryKey: ['process-history', namespec, state],
    queryFn: ({ signal }) =>
      requestJson(`${API_PREFIX}/history?${new URLSearchParams({ process: namespec, limit: '15' })}`, {
        schema: historyEntrySchema.array(),
        signal,
      }),
  });
}

/** The samples of a process on an instance (about 10 minutes), refreshed with each heartbeat. */
export function useProcessSamples(
  instance: string | null,
  namespec: string,
  lastSample: number | undefined,
): UseQueryResult<StatsSample[]> {
  return useQuery({
    queryKey: ['process-samples', instance, namespec, lastSample],
    queryFn: ({ signal }) =>
      requestJson(
        `${API_PREFIX}/stats/history?${new URLSearchParams({ instance: instance!, process: namespec })}`,
        {
          schema: statsSampleSchema.array(),
          signal,
        },
      ).catch(() => []),
    enabled: instance !== null,
    placeholderData: (previous) => previous,
  });
}
