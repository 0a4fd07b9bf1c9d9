import type { ApplicationAction } from '../api/post-action';
import { ActionButton } from './ActionButton';

interface ApplicationActionsProps {
  /** Why the buttons are disabled now (unmanaged, a job runs), null when they are not. */
  unavailable: string | null;
  onAction: (action: ApplicationAction) => void;
}

const BUTTONS: readonly { action: ApplicationAction; text: string; label: string }[] = [
  { action: 'start', text: 'Start', label: 'Start application' },
  { action: 'stop', text: 'Stop', label: 'Stop application' },
  { action: 'restart', text: 'Restart', label: 'Restart application' },
];

export function ApplicationActions({ unavailable, onAction }: ApplicationActionsProps) {
  return (
    <div className="actions" role="group" aria-label="Application actions">
      {BUTTONS.map(({ action, text, label }) => (
        <ActionButton
          key={action}
          className={action === 'restart' ? 'button button--primary' : 'button'}
          aria-label={label}
          title={label}
          unavailable={unavailable}
          onClick={() => onAction(action)}
        >
          {text}
        </ActionButton>
      ))}
    </div>
  );
}
