import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { AuditEntry } from '@supfleet/protocol';
import { fetchAudit, type AuditFilter } from '../api/audit';

/** The audit entries matching a filter (admin only), newest first, refreshed while shown. */
export function useAudit(filter: AuditFilter): UseQueryResult<AuditEntry[]> {
  return useQuery({
    queryKey: ['admin', 'audit', filter],
    queryFn: ({ signal }) => fetchAudit(filter, signal),
    select: newestFirst,
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
}

function newestFirst(entries: AuditEntry[]): AuditEntry[] {
  return [...entries].sort((a, b) => b.at - a.at || b.id - a.id);
}
