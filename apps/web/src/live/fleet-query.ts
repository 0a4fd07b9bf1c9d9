import type { QueryClient } from '@tanstack/react-query';

/** The one react-query cache entry holding the live fleet (a `FleetState`). */
export const FLEET_QUERY_KEY = ['fleet'] as const;

/**
 * The fleet is fed by the socket, never fetched: keep it for as long as the page lives. No
 * structural sharing: `applyFleetDeltas` already keeps every untouched entry, and comparing
 * 2,000 processes deeply on each change set cost more than the change itself. Selectors keep
 * their result's identity themselves (a `find` does; see createNameOrder, useFleetStats).
 */
export function configureFleetQuery(queryClient: QueryClient): void {
  queryClient.setQueryDefaults(FLEET_QUERY_KEY, {
    staleTime: Infinity,
    gcTime: Infinity,
    structuralSharing: false,
  });
}
