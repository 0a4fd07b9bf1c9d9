import { useId, useState, type FormEvent } from 'react';
import type { Role } from '@supfleet/protocol';
import { ActionAlert, type ActionError } from '../components/ActionAlert';
import { ActionButton } from '../components/ActionButton';
import { ListSection } from '../components/ListSection';
import { RoleSelect } from '../components/RoleSelect';
import { UserRow } from '../components/UserRow';
import { useUsers } from '../hooks/useUsers';

/** Admins add users with a role and a password, change roles, reset passwords, remove users. */
export function UsersPage() {
  const { list, add, update, remove } = useUsers();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const formId = useId();

  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      { username, role, password },
      {
        onSuccess: () => {
          setDone(`${username} added as ${role}.`);
          setUsername('');
          setPassword('');
        },
      },
    );
  };

  const errors: ActionError[] = [];
  if (add.error && add.variables)
    errors.push({
      key: 'add',
      message: `Could not add ${add.variables.username}: ${add.error.message}`,
      dismiss: add.reset,
    });
  if (update.error && update.variables)
    errors.push({
      key: 'update',
      message: `Could not change ${update.variables.username}: ${update.error.message}`,
      dismiss: update.reset,
    });
  if (remove.error && remove.variables)
    errors.push({
      key: 'remove',
      message: `Could not remove ${remove.variables}: ${remove.error.message}`,
      dismiss: remove.reset,
    });
  const busy = add.isPending || update.isPending || remove.isPending ? 'A change is being sent' : null;

  return (
    <>
      <title>Users · supfleet</title>
      <h1>Users</h1>
      <p className="muted">
        Viewers see everything; operators also start, stop and restart; admins also manage users and tokens
        and read the audit log.
      </p>
      <ActionAlert errors={errors} />
      {done && (
        <p role="status" className="notice">
          {done}
        </p>
      )}
      <section className="section">
        <h2 id={`${formId}-add`}>Add a user</h2>
        <form className="form-row" aria-labelledby={`${formId}-add`} onSubmit={onAdd}>
          <label className="field">
            <span className="field__label">Username</span>
            <input
              className="input"
              name="username"
              autoComplete="off"
              required
              maxLength={64}
              pattern="[A-Za-z0-9._@\-]+"
              title="letters, digits and . _ @ - only"
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Role</span>
            <RoleSelect name="role" value={role} onChange={setRole} />
          </label>
          <label className="field">
            <span className="field__label">Password</span>
            <input
              className="input"
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={8}
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <ActionButton type="submit" need="admin" unavailable={busy} className="button button--primary">
            Add user
          </ActionButton>
        </form>
      </section>
      <ListSection headingId={`${formId}-list`} title="Users" what="users" empty="No user yet." list={list}>
        {(items) => (
          <table className="table" aria-labelledby={`${formId}-list`}>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <UserRow
                  key={user.username}
                  user={user}
                  unavailable={busy}
                  onRole={(next) => update.mutate({ username: user.username, role: next })}
                  onPassword={(next) =>
                    update.mutate(
                      { username: user.username, password: next },
                      { onSuccess: () => setDone(`Password of ${user.username} changed.`) },
                    )
                  }
                  onRemove={() =>
                    remove.mutate(user.username, { onSuccess: () => setDone(`${user.username} removed.`) })
                  }
                />
              ))}
            </tbody>
          </table>
        )}
      </ListSection>
    </>
  );
}
