import type { Role } from '@supfleet/protocol';
import { useCan } from '../hooks/useCan';

export interface MenuAction {
  key: string;
  text: string;
  /** Why it cannot be done now, null when it can. */
  unavailable: string | null;
  /** The role it needs (default operator). */
  need?: Role;
  run: () => void;
}

/**
 * The actions of a row in one control, for narrow screens where a row keeps only its name,
 * its state and this menu. A native select: reachable by keyboard, read by screen readers, and
 * never clipped by the table's scrolling box.
 */
export function ActionMenu({ label, actions }: { label: string; actions: readonly MenuAction[] }) {
  const operator = useCan('operator');
  const allowed = (action: MenuAction) =>
    action.unavailable === null && (action.need === 'viewer' || operator.allowed);
  return (
    <select
      className="input action-menu"
      aria-label={label}
      value=""
      onChange={(event) => {
        actions.find((action) => action.key === event.target.value)?.run();
        event.target.value = '';
      }}
    >
      <option value="">Actions…</option>
      {actions.map((action) => (
        <option key={action.key} value={action.key} disabled={!allowed(action)}>
          {action.text}
        </option>
      ))}
    </select>
  );
}
