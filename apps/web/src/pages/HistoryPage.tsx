import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { HistoryEntry } from '@supfleet/protocol';
import { HistoryStrip, statusSegments } from '../components/HistoryStrip';
import { Waiting } from '../components/Waiting';
import { useFleet } from '../hooks/useFleet';
import { useHistory } from '../hooks/useHistory';
import { useNow } from '../hooks/useNow';
import './history-page.css';

const WINDOWS = [1, 3, 6, 12, 24, 72];
const DEFAULT_HOURS = 3;

/** Where a line comes from, as a badge: what a person scans the list for. */
const KIND_LABELS: Record<HistoryEntry['kind'], string> = {
  instance: 'instance',
  application: 'application',
  process: 'process',
  job: 'job',
  action: 'action',
  alert: 'alert',
};

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function day(ms: number): string {
  return new Date(ms).toLocaleDateString();
}

/** The fleet's (or one application's) history of the last hours: LED strips, then every entry, live. */
/** Entries per page of the list. */
const PAGE_SIZE = 100;
const KINDS = Object.keys(KIND_LABELS) as HistoryEntry['kind'][];

export function HistoryPage() {
  const [params, setParams] = useSearchParams();
  const application = params.get('application') || null;
  const hours = WINDOWS.includes(Number(params.get('hours'))) ? Number(params.get('hours')) : DEFAULT_HOURS;
  const fleet = useFleet();
  const history = useHistory({ application, hours });
  const now = useNow(10_000);
  const set = (key: string, value: string | null, firstPage = false) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    if (firstPage) next.delete('page');
    setParams(next, { replace: true });
  };
  const managed = (fleet.data?.applications ?? [])
    .filter((a) => a.managed)
    .sort((a, b) => a.name.localeCompare(b.name));
  const shown = application ? managed.filter((a) => a.name === application) : managed;
  const kind = KINDS.find((k) => k === params.get('kind')) ?? null;
  const filtered = useMemo(
    () =>
      kind === null
        ? (history.data?.entries ?? [])
        : (history.data?.entries ?? []).filter((e) => e.kind === kind),
    [history.data, kind],
  );
  // Pages of PAGE_SIZE entries, the page in the URL: a long history never renders thousands of rows.
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const pageNumber = Math.min(pages, Math.max(1, Number(params.get('page')) || 1));
  const pageEntries = filtered.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE);
  const since = history.data?.since ?? now - hours * 3_600_000;
  const end = Math.max(now, history.data?.entries[0]?.at ?? 0);

  return (
    <>
      <title>{`History${application ? ` of ${application}` : ''} · supfleet`}</title>
      <section className="section">
        <h1>History{application ? ` of ${application}` : ' of the fleet'}</h1>
        <form className="history-filters" onSubmit={(event) => event.preventDefault()}>
          <label>
            Application{' '}
            <select
              value={application ?? ''}
              onChange={(event) => set('application', event.target.value || null, true)}
            >
              <option value="">every application</option>
              {managed.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Last{' '}
            <select value={hours} onChange={(event) => set('hours', event.target.value, true)}>
              {WINDOWS.map((h) => (
                <option key={h} value={h}>
                  {h} h
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind{' '}
            <select
              aria-label="Kind"
              value={kind ?? ''}
              onChange={(event) => set('kind', event.target.value || null, true)}
            >
              <option value="">every kind</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
        </form>
      </section>
      {history.isPending ? (
        <Waiting />
      ) : history.isError ? (
        <p className="error-text">Cannot read the history: {history.error.message}</p>
      ) : (
        <>
          {shown.length > 0 && (
            <section className="section" aria-labelledby="history-status-heading">
              <h2 id="history-status-heading">Operational status</h2>
              <div className="history-strips">
                {shown.map((a) => (
                  <div className="history-strips__row" key={a.name}>
                    <Link
                      to={`/history?application=${encodeURIComponent(a.name)}&hours=${hours}`}
                      className="history-strips__name"
                    >
                      {a.name}
                    </Link>
                    <HistoryStrip
                      application={a.name}
                      segments={statusSegments(history.data.entries, a.name, since, end, a.status)}
                      since={since}
                      now={end}
                    />
                  </div>
                ))}
                <div className="history-strips__axis muted">
                  <span>{clock(since)}</span>
                  <span>{clock(end)}</span>
                </div>
              </div>
            </section>
          )}
          <section className="section" aria-labelledby="history-entries-heading">
            <h2 id="history-entries-heading">What happened</h2>
            {filtered.length === 0 ? (
              <p className="muted">Nothing happened in the last {hours} h.</p>
            ) : (
              <ol className="history-list" aria-label="History entries">
                {pageEntries.map((entry, index) => {
                  const previous = pageEntries[index - 1];
                  const newDay = !previous || day(previous.at) !== day(entry.at);
                  return (
                    <li
                      key={entry.id}
                      className={`history-entry history-entry--${entry.kind}`}
                      data-kind={entry.kind}
                    >
                      <time dateTime={new Date(entry.at).toISOString()} title={new Date(entry.at).toString()}>
                        {newDay && <span className="muted">{day(entry.at)} </span>}
                        {clock(entry.at)}
                      </time>
                      <span className="history-entry__kind">{KIND_LABELS[entry.kind]}</span>
                      <span className="history-entry__message">{entry.message}</span>
                    </li>
                  );
                })}
              </ol>
            )}
            {pages > 1 && (
              <nav className="pager" aria-label="History pages">
                <button
                  type="button"
                  className="button button--small"
                  disabled={pageNumber <= 1}
                  onClick={() => set('page', pageNumber - 1 > 1 ? String(pageNumber - 1) : null)}
                >
                  Newer
                </button>
                <span className="muted">
                  Page {pageNumber} of {pages} · {filtered.length} entries
                </span>
                <button
                  type="button"
                  className="button button--small"
                  disabled={pageNumber >= pages}
                  onClick={() => set('page', String(pageNumber + 1))}
                >
                  Older
                </button>
              </nav>
            )}
          </section>
        </>
      )}
    </>
  );
}
