import { useId, useState, type FormEvent } from 'react';
import type { Role, TokenCreated } from '@supfleet/protocol';
import { ActionAlert, type ActionError } from '../components/ActionAlert';
import { ActionButton } from '../components/ActionButton';
import { ListSection } from '../components/ListSection';
import { RoleSelect } from '../components/RoleSelect';
import { TokenSecret } from '../components/TokenSecret';
import { useNow } from '../hooks/useNow';
import { useTokens } from '../hooks/useTokens';
import { formatTimestamp } from '../lib/format-timestamp';
import './tokens-page.css';

/** API tokens for scripts and services: created with a role and an expiry, shown once, revoked. */
export function TokensPage() {
  const { list, create, revoke } = useTokens();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const formId = useId();

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    const expiresDays = days.trim() === '' ? undefined : Number(days);
    create.mutate(
      { name, role, ...(expiresDays === undefined ? {} : { expiresDays }) },
      {
        onSuccess: (token) => {
          setCreated(token);
          setName('');
          setDays('');
        },
      },
    );
  };

  const errors: ActionError[] = [];
  if (create.error && create.variables)
    errors.push({
      key: 'create',
      message: `Could not create ${create.variables.name}: ${create.error.message}`,
      dismiss: create.reset,
    });
  if (revoke.error && revoke.variables)
    errors.push({
      key: 'revoke',
      message: `Could not revoke ${revoke.variables}: ${revoke.error.message}`,
      dismiss: revoke.reset,
    });
  const busy = create.isPending || revoke.isPending ? 'A change is being sent' : null;
  const now = useNow(60_000);

  return (
    <>
      <title>Tokens · supfleet</title>
      <h1>Tokens</h1>
      <p className="muted">
        A token acts with its role over REST, socket.io and XML-RPC (<code>Authorization: Bearer</code>, or as
        the password of HTTP basic).
      </p>
      <ActionAlert errors={errors} />
      {created && <TokenSecret token={created} onDone={() => setCreated(null)} />}
      <section className="section">
        <h2 id={`${formId}-create`}>Create a token</h2>
        <form className="form-row" aria-labelledby={`${formId}-create`} onSubmit={onCreate}>
          <label className="field">
            <span className="field__label">Name</span>
            <input
              className="input"
              name="name"
              autoComplete="off"
              required
              maxLength={64}
              pattern="[A-Za-z0-9._@\-]+"
              title="letters, digits and . _ @ - only"
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">Role</span>
            <RoleSelect name="role" value={role} onChange={setRole} />
          </label>
          <label className="field">
            <span className="field__label">Expires after (days)</span>
            <input
              className="input input--narrow"
              name="expiresDays"
              type="number"
              min={1}
              max={3650}
              step={1}
              placeholder="never"
              value={days}
              onChange={(event) => setDays(event.target.value)}
            />
          </label>
          <ActionButton type="submit" need="admin" unavailable={busy} className="button button--primary">
            Create token
          </ActionButton>
        </form>
      </section>
      <ListSection
        headingId={`${formId}-list`}
        title="Tokens"
        what="tokens"
        empty="No token yet."
        list={list}
      >
        {(items) => (
          <table className="table" aria-labelledby={`${formId}-list`}>
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((token) => (
                <tr key={token.name} data-token={token.name}>
                  <td className="name">{token.name}</td>
                  <td>{token.role}</td>
                  <td>{formatTimestamp(token.createdAt)}</td>
                  <td
                    className={token.expiresAt !== null && token.expiresAt <= now ? 'error-text' : undefined}
                  >
                    {token.expiresAt === null
                      ? 'never'
                      : `${formatTimestamp(token.expiresAt)}${token.expiresAt <= now ? ' (expired)' : ''}`}
                  </td>
                  <td>{token.lastUsedAt === null ? 'never' : formatTimestamp(token.lastUsedAt)}</td>
                  <td className="row-actions">
                    {confirming === token.name ? (
                      <span className="inline-form">
                        <span>Revoke {token.name}?</span>
                        <ActionButton
                          need="admin"
                          unavailable={busy}
                          className="button button--small button--danger"
                          aria-label={`Confirm revocation of ${token.name}`}
                          onClick={() => {
                            setConfirming(null);
                            revoke.mutate(token.name);
                          }}
                        >
                          Revoke
                        </ActionButton>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => setConfirming(null)}
                        >
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <ActionButton
                        need="admin"
                        unavailable={busy}
                        className="button button--small"
                        aria-label={`Revoke ${token.name}`}
                        onClick={() => setConfirming(token.name)}
                      >
                        Revoke
                      </ActionButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ListSection>
    </>
  );
}
