import type { ProcessAction } from '../api/post-action';
import { ActionButton } from './ActionButton';
import { ActionMenu } from './ActionMenu';

export type RowAction = ProcessAction | 'clear-logs';

interface RowActionsProps {
  namespec: string;
  /** The instance the row is about (the instance page): named in the Start and Clear log labels. */
  on?: string;
  /** Why each action cannot be done now, null when it can. */
  startWhy: string | null;
  stopWhy: string | null;
  restartWhy: string | null;
  clearWhy: string | null;
  onAction: (namespec: string, action: RowAction) => void;
  logsOpen: boolean;
  logsPanelId: string;
  onLogs: (namespec: string) => void;
}

/**
 * A process row's actions: Start, Stop, Restart, Clear log and Logs as buttons, and on a phone
 * the same in one menu (CSS shows one or the other).
 */
export function RowActions({
  namespec: ns,
  on,
  startWhy,
  stopWhy,
  restartWhy,
  clearWhy,
  onAction,
  logsOpen,
  logsPanelId,
  onLogs,
}: RowActionsProps) {
  const where = on === undefined ? '' : ` on ${on}`;
  return (
    <>
      <span className="row-actions__buttons">
        <ActionButton
          className="button button--small"
          aria-label={`Start ${ns}${where}`}
          unavailable={startWhy}
          onClick={() => onAction(ns, 'start')}
        >
          Start
        </ActionButton>
        <ActionButton
          className="button button--small"
          aria-label={`Stop ${ns}`}
          unavailable={stopWhy}
          onClick={() => onAction(ns, 'stop')}
        >
          Stop
        </ActionButton>
        <ActionButton
          className="button button--small"
          aria-label={`Restart ${ns}`}
          unavailable={restartWhy}
          onClick={() => onAction(ns, 'restart')}
        >
          Restart
        </ActionButton>
        <ActionButton
          className="button button--small"
          aria-label={`Clear log ${ns}${where}`}
          title="Clear its stdout and stderr logs"
          unavailable={clearWhy}
          onClick={() => onAction(ns, 'clear-logs')}
        >
          Clear log
        </ActionButton>
        <button
          type="button"
          className="button button--small"
          aria-label={`Logs ${ns}`}
          aria-expanded={logsOpen}
          aria-controls={logsOpen ? logsPanelId : undefined}
          onClick={() => onLogs(ns)}
        >
          Logs
        </button>
      </span>
      <ActionMenu
        label={`Actions ${ns}`}
        actions={[
          {
            key: 'start',
            text: on === undefined ? 'Start' : 'Start here',
            unavailable: startWhy,
            run: () => onAction(ns, 'start'),
          },
          { key: 'stop', text: 'Stop', unavailable: stopWhy, run: () => onAction(ns, 'stop') },
          { key: 'restart', text: 'Restart', unavailable: restartWhy, run: () => onAction(ns, 'restart') },
          { key: 'clear', text: 'Clear log', unavailable: clearWhy, run: () => onAction(ns, 'clear-logs') },
          { key: 'logs', text: 'Logs', unavailable: null, need: 'viewer', run: () => onLogs(ns) },
        ]}
      />
    </>
  );
}
