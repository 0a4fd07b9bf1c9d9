import { useId, useState, type FormEvent } from 'react';
import { useAudit } from '../hooks/useAudit';
import { auditParamsText, auditResultText, auditSourceText } from '../lib/audit-text';
import {
  auditFilterFrom,
  AUDIT_PAGE_LIMIT,
  EMPTY_AUDIT_FORM,
  type AuditFilterForm,
} from '../lib/audit-filter';
import { formatTimestamp } from '../lib/format-timestamp';
import './audit-page.css';

const FIELDS: readonly {
  key: keyof AuditFilterForm;
  label: string;
  type: 'text' | 'datetime-local';
  hint?: string;
}[] = [
  { key: 'actor', label: 'Actor', type: 'text', hint: 'viewer, supfleet…' },
  { key: 'target', label: 'Target', type: 'text', hint: 'scen1, alice…' },
  { key: 'since', label: 'Since', type: 'datetime-local' },
  { key: 'until', label: 'Until', type: 'datetime-local' },
];

/** Who did what, when, from where, and how it ended: every action and every refusal, newest first. */
export function AuditPage() {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FORM);
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_AUDIT_FORM);
  const audit = useAudit(auditFilterFrom(applied));
  const titleId = useId();

  const onApply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(form);
  };
  const onClear = () => {
    setForm(EMPTY_AUDIT_FORM);
    setApplied(EMPTY_AUDIT_FORM);
  };
  const entries = audit.data;

  return (
    <>
      <title>Audit · supfleet</title>
      <h1>Audit</h1>
      <p className="muted">Every action and every refused action, over every interface, newest first.</p>
      <form className="form-row" aria-label="Audit filters" onSubmit={onApply}>
        {FIELDS.map(({ key, label, type, hint }) => (
          <label key={key} className="field">
            <span className="field__label">{label}</span>
            <input
              className="input"
              name={key}
              type={type}
              placeholder={hint}
              value={form[key]}
              onChange={(event) => setForm({ ...form, [key]: event.target.value })}
            />
          </label>
        ))}
        <button type="submit" className="button button--primary">
          Apply
        </button>
        <button type="button" className="button" onClick={onClear}>
          Clear
        </button>
      </form>
      {audit.isError && (
        <p role="alert" className="alert">
          Cannot read the audit log: {audit.error.message}
        </p>
      )}
      {entries && (
        <>
          <h2 id={titleId}>
            {entries.length === 0
              ? 'No entry'
              : entries.length >= AUDIT_PAGE_LIMIT
                ? `The last ${entries.length} entries`
                : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`}
          </h2>
          {entries.length > 0 && (
            <table className="table audit" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Role</th>
                  <th scope="col">From</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Parameters</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr
                    key={entry.id}
                    data-action={entry.action}
                    data-result={entry.result}
                    data-actor={entry.actor}
                  >
                    <td className="nowrap">{formatTimestamp(entry.at)}</td>
                    <td className="name">{entry.actor}</td>
                    <td>{entry.role ?? '—'}</td>
                    <td className="nowrap">{auditSourceText(entry)}</td>
                    <td className="mono">{entry.action}</td>
                    <td className="mono">{entry.target ?? '—'}</td>
                    <td className="mono audit__params">{auditParamsText(entry.params)}</td>
                    <td className={`audit__result audit__result--${entry.result}`}>
                      {auditResultText(entry)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {!entries && !audit.isError && <p className="muted">Loading…</p>}
    </>
  );
}
