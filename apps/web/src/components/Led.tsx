import { OPERATIONAL_STATUS_LABELS, type OperationalStatus } from '@supfleet/protocol';

interface LedProps {
  status: OperationalStatus;
  /** Also write the status in words next to the dot. */
  withLabel?: boolean;
  /** Inside something that already says it (the side menu's link): a dot only, its words hidden text. */
  decorative?: boolean;
}

/** The application's operational status as a coloured dot (SPEC section 3). */
export function Led({ status, withLabel = false, decorative = false }: LedProps) {
  const label = OPERATIONAL_STATUS_LABELS[status];
  if (decorative) {
    return (
      <span className="led-with-label">
        <span className={`led led--${status}`} aria-hidden="true" data-status={status} />
        <span className="visually-hidden">{status === 'off' ? '' : label}</span>
      </span>
    );
  }
  return (
    <span className="led-with-label">
      <span
        className={`led led--${status}`}
        role="img"
        aria-label={`Operational status: ${label}`}
        data-status={status}
        title={`Operational status: ${label}`}
      />
      {withLabel && (
        // The dot already carries the words for assistive technology.
        <span className="led-label" aria-hidden="true">
          {status === 'off' ? 'no status' : label}
        </span>
      )}
    </span>
  );
}
