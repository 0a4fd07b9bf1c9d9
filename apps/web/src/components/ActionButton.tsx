import type { ButtonHTMLAttributes } from 'react';
import type { Role } from '@supfleet/protocol';
import { useCan } from '../hooks/useCan';

interface ActionButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> {
  /** The role the action needs (default operator); without it the button is disabled, saying so. */
  need?: Role;
  /** Why the action is not possible now (a job runs, already running...), null when it is. */
  unavailable?: string | null;
}

/**
 * Every button that changes something: disabled when the role or the moment does not allow it,
 * and then it says why, as a tooltip and as its accessible description. The role comes first:
 * a viewer learns that no waiting will enable it.
 */
export function ActionButton({
  need = 'operator',
  unavailable = null,
  title,
  type = 'button',
  ...props
}: ActionButtonProps) {
  const permission = useCan(need);
  const reason = permission.reason ?? unavailable;
  return (
    <button
      {...props}
      type={type}
      disabled={reason !== null}
      title={reason ?? title}
      aria-description={reason ?? undefined}
      data-disabled-reason={reason ?? undefined}
    />
  );
}
