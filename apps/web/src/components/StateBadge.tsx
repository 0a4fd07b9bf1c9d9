import type { Tone } from '../lib/state-tone';

interface StateBadgeProps {
  state: string;
  tone: Tone;
}

/** A state written as supervisord writes it (`RUNNING`), coloured by what it means. */
export function StateBadge({ state, tone }: StateBadgeProps) {
  return <span className={`state state--${tone}`}>{state}</span>;
}
