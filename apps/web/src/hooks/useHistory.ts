import { useEffect } from 'react';
import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { historyEntrySchema, type HistoryEntry } from '@supfleet/protocol';
import { readJson } from '../api/read-json';
import { historyFeed } from '../live/history-feed';

export interface HistoryWindow {
  /** Only this application's entries; null: the whole fleet. */
  application: string | null;
  /** How far back, in hours. */
  hours: number;
}

export interface HistoryData {
  /** Epoch ms the window starts at. */
  since: number;
  /** Newest first. */
  entries: HistoryEntry[];
}

const LIMIT = 5000;

/** The history of the last hours, from GET /api/v1/history, then live (socket.io `history:entry`). */
export function useHistory({ application, hours }: HistoryWindow): UseQueryResult<HistoryData> {
  const queryClient = useQueryClient();
  const queryKey = ['history', application, hours];
  const result = useQuery<HistoryData>({
    queryKey,
    queryFn: async () => {
      const since = Date.now() - hours * 3_600_000;
      const params = new URLSearchParams({ since: String(since), limit: String(LIMIT) });
      if (application) params.set('application', application);
      const response = await fetch(`/api/v1/history?${params.toString()}`);
      const body = await readJson(response);
      if (!response.ok) throw new Error(`GET /api/v1/history: ${response.status}`);
      return { since, entries: historyEntrySchema.array().parse(body) };
    },
    staleTime: Infinity,
  });
  useEffect(
    () =>
      historyFeed.subscribe((entry) => {
        if (application && entry.application !== application) return;
        queryClient.setQueryData<HistoryData>(['history', application, hours], (old) =>
          old && !old.entries.some((e) => e.id === entry.id)
            ? { ...old, entries: [entry, ...old.entries] }
            : old,
        );
      }),
    [queryClient, application, hours],
  );
  return result;
}
