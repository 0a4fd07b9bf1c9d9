import type { Process } from '@supfleet/protocol';
import { processDescription, runningSince } from '../lib/process-description';
import { Uptime } from './Uptime';

/** supervisord's description; a RUNNING process's uptime ticks every second, its row unrendered. */
export function ProcessDescription({ process }: { process: Process }) {
  const running = runningSince(process);
  if (running) {
    return (
      <>
        pid {running.pid}, uptime <Uptime startSeconds={running.start} />
      </>
    );
  }
  return <>{processDescription(process, Date.now() / 1000)}</>;
}
