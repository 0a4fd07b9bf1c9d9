import type { Process } from '@supfleet/protocol';
import { useNow } from '../hooks/useNow';
import { processDescription } from '../lib/process-description';

/** supervisord's description; a RUNNING process's uptime ticks every second. */
export function ProcessDescription({ process }: { process: Process }) {
  if (process.state === 'RUNNING') return <TickingDescription process={process} />;
  return <>{processDescription(process, Date.now() / 1000)}</>;
}

// Only running processes subscribe to the clock; the others never change between updates.
function TickingDescription({ process }: { process: Process }) {
  const now = useNow(1000);
  return <>{processDescription(process, now / 1000)}</>;
}
