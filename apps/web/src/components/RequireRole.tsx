import type { ReactNode } from 'react';
import type { Role } from '@supfleet/protocol';
import { useCan } from '../hooks/useCan';

/** A page for one role and above; the others are told why they cannot see it. */
export function RequireRole({ need, children }: { need: Role; children: ReactNode }) {
  const { reason } = useCan(need);
  if (reason === null) return children;
  return (
    <>
      <title>Not allowed · supfleet</title>
      <h1>Not allowed</h1>
      <p role="alert" className="alert">
        This page is for the {need} role ({reason}).
      </p>
    </>
  );
}
