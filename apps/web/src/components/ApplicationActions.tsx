import type { ApplicationAction } from '../api/post-action';

interface ApplicationActionsProps {
  enabled: boolean;
  /** Why the buttons are disabled, for the tooltip. */
  disabledReason: string | null;
  onAction: (action: ApplicationAction) => void;
}

const BUTTONS: readonly { action: ApplicationAction; text: string; label: string }[] = [
  { action: 'start', text: 'Start', label: 'Start application' },
  { action: 'stop', text: 'Stop', label: 'Stop application' },
  { action: 'restart', text: 'Restart', label: 'Restart application' },
];

export function ApplicationActions({ enabled, disabledReason, onAction }: ApplicationActionsProps) {
  return (
    <div className="actions" role="group" aria-label="Application actions">
      {BUTTONS.map(({ action, text, label }) => (
        <button
          key={action}
          type="button"
          className={action === 'restart' ? 'button button--primary' : 'button'}
          aria-label={label}
          title={enabled ? label : (disabledReason ?? undefined)}
          disabled={!enabled}
          onClick={() => onAction(action)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
