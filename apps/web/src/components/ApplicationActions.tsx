import { useId } from 'react';
import { startingStrategySchema, type StartingStrategy } from '@supfleet/protocol';
import type { ApplicationAction } from '../api/post-action';
import { ActionButton } from './ActionButton';

interface ApplicationActionsProps {
  /** Why the buttons are disabled now (unmanaged, a job runs), null when they are not. */
  unavailable: string | null;
  onAction: (action: ApplicationAction) => void;
  /** The strategy of the next start or restart; undefined: the rules' (shown as such). */
  strategy: StartingStrategy | undefined;
  rulesStrategy: StartingStrategy;
  onStrategy: (strategy: StartingStrategy | undefined) => void;
}

const BUTTONS: readonly { action: ApplicationAction; text: string; label: string }[] = [
  { action: 'start', text: 'Start', label: 'Start application' },
  { action: 'stop', text: 'Stop', label: 'Stop application' },
  { action: 'restart', text: 'Restart', label: 'Restart application' },
];

const STRATEGIES = startingStrategySchema.options;

/** Start / Stop / Restart of the application, and the starting strategy its start and restart use. */
export function ApplicationActions({
  unavailable,
  onAction,
  strategy,
  rulesStrategy,
  onStrategy,
}: ApplicationActionsProps) {
  const selectId = useId();
  return (
    <div className="actions" role="group" aria-label="Application actions">
      <label className="strategy" htmlFor={selectId}>
        <span className="strategy__label">Starting strategy</span>
        <select
          id={selectId}
          className="input strategy__select"
          value={strategy ?? ''}
          onChange={(event) =>
            onStrategy(event.target.value === '' ? undefined : (event.target.value as StartingStrategy))
          }
        >
          <option value="">{`${rulesStrategy} (rules)`}</option>
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
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
