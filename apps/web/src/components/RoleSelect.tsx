import { ROLES, type Role } from '@supfleet/protocol';
import type { SelectHTMLAttributes } from 'react';

interface RoleSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> {
  value: Role;
  onChange: (role: Role) => void;
}

/** A choice of one of the three roles. */
export function RoleSelect({ value, onChange, className = 'input', ...props }: RoleSelectProps) {
  return (
    <select
      {...props}
      className={className}
      value={value}
      onChange={(event) => {
        const role = ROLES.find((r) => r === event.target.value);
        if (role) onChange(role);
      }}
    >
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {role}
        </option>
      ))}
    </select>
  );
}
