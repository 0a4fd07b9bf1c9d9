import { useId } from 'react';
import type { Process } from '@supfleet/protocol';
import { useNow } from '../hooks/useNow';
import { conflictSides } from '../lib/conflict-sides';
import { formatStartTime, formatUptime } from '../lib/format-uptime';
import { processStateTone } from '../lib/state-tone';
import { ActionButton } from './ActionButton';
import { StateBadge } from './StateBadge';
import './conflicts-panel.css';

interface ConflictsPanelProps {
  /** The application's processes in conflict; nothing shows when there are none. */
  processes: readonly Process[];
  /** Why the Keep buttons are disabled now (a job runs), null when they are not. */
  unavailable: string | null;
  onKeep: (namespec: string, instance: string) => void;
}

/**
 * Processes running on several instances at once, and a choice of where each keeps running
 * (conciliation strategy USER). With another strategy supfleet ends them itself, and this only flashes.
 */
export function ConflictsPanel({ processes, unavailable, onKeep }: ConflictsPanelProps) {
  const titleId = useId();
  if (processes.length === 0) return null;
  return (
    <section className="conflicts" aria-labelledby={titleId}>
      <h2 id={titleId}>Conflicts</h2>
      <p className="conflicts__intro">
        {processes.length === 1
          ? 'This process runs on several instances at once. Choose where it keeps running: supfleet stops it everywhere else.'
          : 'These processes run on several instances at once. Choose where each keeps running: supfleet stops it everywhere else.'}
      </p>
      {processes.map((process) => (
        <ConflictTable key={process.namespec} process={process} unavailable={unavailable} onKeep={onKeep} />
      ))}
    </section>
  );
}

function ConflictTable({
  process,
  unavailable,
  onKeep,
}: { process: Process } & Omit<ConflictsPanelProps, 'processes'>) {
  const nowSeconds = useNow(1000) / 1000;
  const sides = conflictSides(process);
  return (
    <table
      className="table conflict"
      aria-label={`Conflict of ${process.namespec}`}
      data-namespec={process.namespec}
    >
      <caption className="conflict__caption">
        <span className="name">{process.namespec}</span>
        <span className="muted"> on {sides.length} instances</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col">State</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">
            Uptime
          </th>
          <th scope="col" className="num">
            pid
          </th>
          <th scope="col">
            <span className="visually-hidden">Choice</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sides.map((side) => (
          <tr key={side.instance} data-instance={side.instance}>
            <td className="name">
              {side.instance}
              {side.age && <span className="tag conflict__age">{side.age}</span>}
            </td>
            <td>
              {side.state && <StateBadge state={side.state} tone={processStateTone(side.state, true)} />}
            </td>
            <td>{side.start === null ? '—' : formatStartTime(side.start)}</td>
            <td className="num">{side.start === null ? '—' : formatUptime(nowSeconds - side.start)}</td>
            <td className="num">{side.pid ?? '—'}</td>
            <td className="row-actions">
              <ActionButton
                className="button button--small"
                aria-label={`Keep ${process.namespec} on ${side.instance}`}
                title={`Stop ${process.namespec} everywhere but on ${side.instance}`}
                unavailable={unavailable}
                onClick={() => onKeep(process.namespec, side.instance)}
              >
                Keep on {side.instance}
              </ActionButton>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
