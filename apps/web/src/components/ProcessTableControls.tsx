import type { ProcessState } from '@supfleet/protocol';
import type { ProcessView } from '../lib/process-view';

const STATES: readonly ProcessState[] = [
  'RUNNING',
  'STARTING',
  'BACKOFF',
  'STOPPING',
  'STOPPED',
  'EXITED',
  'FATAL',
  'UNKNOWN',
];

interface ProcessTableControlsProps {
  view: ProcessView;
  onChange: (change: Partial<ProcessView>) => void;
  instances: readonly string[];
  shown: number;
  total: number;
}

/** The filters above the process table; sorting is on the column headers. */
export function ProcessTableControls({ view, onChange, instances, shown, total }: ProcessTableControlsProps) {
  return (
    <div className="table-controls">
      <input
        type="search"
        className="input"
        aria-label="Filter processes by name"
        placeholder="Filter by name"
        value={view.text}
        onChange={(event) => onChange({ text: event.target.value })}
      />
      <select
        className="input"
        aria-label="Filter processes by state"
        value={view.state}
        onChange={(event) => onChange({ state: event.target.value as ProcessView['state'] })}
      >
        <option value="all">All states</option>
        {STATES.map((state) => (
          <option key={state} value={state}>
            {state}
          </option>
        ))}
      </select>
      <select
        className="input"
        aria-label="Filter processes by instance"
        value={view.instance}
        onChange={(event) => onChange({ instance: event.target.value })}
      >
        <option value="all">All instances</option>
        {instances.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
      <span className="table-controls__count muted">
        {shown === total ? `${total} processes` : `${shown} of ${total} processes`}
      </span>
    </div>
  );
}
