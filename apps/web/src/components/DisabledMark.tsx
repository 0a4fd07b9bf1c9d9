import type { Process } from '@supfleet/protocol';

/** Shown on a process a user disabled on some instances: no start goes there. */
export function DisabledMark({ process }: { process: Process }) {
  const on = process.disabledOn ?? [];
  if (on.length === 0) return null;
  return (
    <span className="marker marker--disabled" title={`Disabled on ${on.join(', ')}: no start goes there`}>
      disabled on {on.join(', ')}
    </span>
  );
}
