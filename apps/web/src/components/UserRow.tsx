import { useState, type FormEvent } from 'react';
import type { Role, User } from '@supfleet/protocol';
import { formatTimestamp } from '../lib/format-timestamp';
import { ActionButton } from './ActionButton';
import { RoleSelect } from './RoleSelect';

interface UserRowProps {
  user: User;
  /** Why nothing can be changed now (a change is being sent), null when it can. */
  unavailable: string | null;
  onRole: (role: Role) => void;
  onPassword: (password: string) => void;
  onRemove: () => void;
}

type Editing = 'none' | 'password' | 'remove';

/** One user: their role to change, a password to reset, and a removal to confirm. */
export function UserRow({ user, unavailable, onRole, onPassword, onRemove }: UserRowProps) {
  const [editing, setEditing] = useState<Editing>('none');
  const [password, setPassword] = useState('');
  const name = user.username;

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    onPassword(password);
    setPassword('');
    setEditing('none');
  };

  return (
    <tr data-username={name}>
      <td className="name">{name}</td>
      <td>
        <RoleSelect
          aria-label={`Role of ${name}`}
          value={user.role}
          disabled={unavailable !== null}
          onChange={onRole}
        />
      </td>
      <td>{formatTimestamp(user.createdAt)}</td>
      <td className="row-actions">
        {editing === 'password' ? (
          <form className="inline-form" aria-label={`New password for ${name}`} onSubmit={submitPassword}>
            <input
              className="input"
              type="password"
              aria-label={`New password for ${name}`}
              autoComplete="new-password"
              minLength={8}
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
            <ActionButton
              type="submit"
              need="admin"
              unavailable={unavailable}
              className="button button--small"
            >
              Save password
            </ActionButton>
            <button type="button" className="button button--small" onClick={() => setEditing('none')}>
              Cancel
            </button>
          </form>
        ) : editing === 'remove' ? (
          <span className="inline-form">
            <span>Remove {name}?</span>
            <ActionButton
              need="admin"
              unavailable={unavailable}
              className="button button--small button--danger"
              aria-label={`Confirm removal of ${name}`}
              onClick={() => {
                setEditing('none');
                onRemove();
              }}
            >
              Remove
            </ActionButton>
            <button type="button" className="button button--small" onClick={() => setEditing('none')}>
              Cancel
            </button>
          </span>
        ) : (
          <>
            <ActionButton
              need="admin"
              unavailable={unavailable}
              className="button button--small"
              aria-label={`Reset the password of ${name}`}
              onClick={() => setEditing('password')}
            >
              Reset password
            </ActionButton>
            <ActionButton
              need="admin"
              unavailable={unavailable}
              className="button button--small"
              aria-label={`Remove ${name}`}
              onClick={() => setEditing('remove')}
            >
              Remove
            </ActionButton>
          </>
        )}
      </td>
    </tr>
  );
}
