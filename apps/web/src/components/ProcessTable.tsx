import type { Process } from '@supfleet/protocol';
import type { ProcessAction } from '../api/post-action';
import { ProcessRow } from './ProcessRow';

interface ProcessTableProps {
  processes: readonly Process[];
  /** Why the process actions are disabled, null when they are not. */
  actionsUnavailable: string | null;
  onAction: (namespec: string, action: ProcessAction) => void;
  /** The process whose log panel is open, null when none is. */
  logsOf: string | null;
  logsPanelId: string;
  onLogs: (namespec: string) => void;
}

export function ProcessTable({
  processes,
  actionsUnavailable,
  onAction,
  logsOf,
  logsPanelId,
  onLogs,
}: ProcessTableProps) {
  return (
    <table className="table processes" aria-label="Processes">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State</th>
          <th scope="col">Instance</th>
          <th scope="col">Description</th>
          <th scope="col" className="num">
            Expected loading
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {processes.length === 0 ? (
          <tr>
            <td colSpan={6} className="muted">
              No process is defined for this application.
            </td>
          </tr>
        ) : (
          processes.map((process) => (
            <ProcessRow
              key={process.namespec}
              process={process}
              actionsUnavailable={actionsUnavailable}
              onAction={onAction}
              logsOpen={logsOf === process.namespec}
              logsPanelId={logsPanelId}
              onLogs={onLogs}
            />
          ))
        )}
      </tbody>
    </table>
  );
}
