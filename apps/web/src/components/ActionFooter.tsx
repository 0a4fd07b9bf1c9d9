import { useSyncExternalStore } from 'react';
import { actionResults } from '../lib/action-results';
import { formatClock } from '../lib/format-clock';
import './action-footer.css';

/**
 * The footer of every page: the result of the last action asked from this page, whatever it
 * was (success, or the refusal with its reason), announced politely to screen readers.
 */
export function ActionFooter() {
  const items = useSyncExternalStore(actionResults.subscribe, actionResults.snapshot);
  const last = items.at(-1);
  return (
    <footer className="action-footer" aria-label="Last action">
      <p
        role="status"
        className={
          last
            ? `action-footer__text action-footer__text--${last.ok ? 'ok' : 'refused'}`
            : 'action-footer__text'
        }
        data-result={last ? (last.ok ? 'ok' : 'refused') : undefined}
      >
        {last ? (
          <>
            <span className="action-footer__time">{formatClock(last.at)}</span> {last.text}
          </>
        ) : (
          <span className="muted">No action yet.</span>
        )}
      </p>
      {last && (
        <button
          type="button"
          className="button button--small"
          aria-label="Dismiss the last action's result"
          onClick={() => actionResults.dismiss(last.id)}
        >
          ×
        </button>
      )}
    </footer>
  );
}
