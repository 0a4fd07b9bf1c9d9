import { lazy, Suspense, useEffect, useId, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Job, Process } from '@supfleet/protocol';
import { useFleet } from '../hooks/useFleet';
import { useFleetStats } from '../hooks/useFleetStats';
import { useProcessHistory, useProcessRules, useProcessSamples } from '../hooks/useProcessDetail';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { formatTimestamp } from '../lib/format-timestamp';
import { processStateTone } from '../lib/state-tone';
import { summarize, TREND_ARROWS, type SeriesSummary } from '../lib/stats-summary';
import { liveSample } from '../lib/stats-series';
import { LogPanel } from './LogPanel';
import { StateBadge } from './StateBadge';
import './process-drawer.css';

// uPlot stays out of the page's chunk: loaded with the first chart.
const StatsChart = lazy(async () => ({ default: (await import('./StatsChart')).StatsChart }));

/** The periods the statistics are summed up over, in minutes (the server keeps about 10). */
const PERIODS = [1, 5, 10] as const;

interface ProcessDrawerProps {
  process: Process;
  onClose: () => void;
}

/**
 * Everything about one process beside the table: its state on each instance, the rules that
 * apply (file:line), CPU and memory over a chosen period (last, mean, slope, standard deviation,
 * trend), its last jobs and history entries, its logs. Opened by ?process= in the URL.
 */
export function ProcessDrawer({ process, onClose }: ProcessDrawerProps) {
  const titleId = useId();
  const logsId = useId();
  const ref = useRef<HTMLElement>(null);
  const [params, setParams] = useSearchParams();
  const period = periodOf(params.get('period'));
  const ns = process.namespec;
  const instance = process.runningOn[0] ?? process.instance;

  useEffect(() => {
    ref.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const rules = useProcessRules(ns);
  const history = useProcessHistory(ns, process.state);
  const instanceStats = useFleetStats().data?.stats[instance ?? ''];
  const live = useMemo(() => liveSample(instanceStats, ns), [instanceStats, ns]);
  const samples = useProcessSamples(instance, ns, live?.at);
  const jobs = useFleet().data?.jobs;
  const lastJobs = useMemo(() => jobsOf(jobs ?? [], process), [jobs, process]);
  const summaries = useMemo(() => {
    const since = Date.now() - period * 60_000;
    const recent = (samples.data ?? []).filter((s) => s.at >= since);
    return {
      cpu: summarize(recent.map((s) => [s.at, s.cpu] as const)),
      rss: summarize(recent.map((s) => [s.at, s.rss] as const)),
    };
  }, [samples.data, period]);

  return (
    <section ref={ref} className="drawer" aria-labelledby={titleId} tabIndex={-1}>
      <div className="drawer__head">
        <h2 id={titleId} className="drawer__title">
          Process {ns}
        </h2>
        <StateBadge state={process.state} tone={processStateTone(process.state, process.expectedExit)} />
        <button type="button" className="button button--small drawer__close" onClick={onClose}>
          Close
        </button>
      </div>

      <h3>State on each instance</h3>
      <table className="table table--compact" aria-label={`State of ${ns} on each instance`}>
        <thead>
          <tr>
            <th scope="col">Instance</th>
            <th scope="col">State</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {process.instances.map((entry) => (
            <tr key={entry.instance} data-instance={entry.instance}>
              <td className="name">{entry.instance}</td>
              <td>
                <StateBadge state={entry.state} tone={processStateTone(entry.state, entry.expectedExit)} />
              </td>
              <td className="description">{entry.description || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h3>Rules</h3>
      {rules.data ? (
        <>
          <p className="muted" data-testid="rule-origin">
            {rules.data.matchedBy
              ? `${rules.data.matchedBy.name !== undefined ? `program "${rules.data.matchedBy.name}"` : `pattern "${rules.data.matchedBy.pattern ?? ''}"`} at ${rules.data.matchedBy.file}:${rules.data.matchedBy.line}`
              : 'No rule matches it: the defaults apply.'}
            {rules.data.models.length > 0 && ` (models ${rules.data.models.join(' → ')})`}
          </p>
          <dl className="rules">
            {(
              [
                ['Required', rules.data.rules.required ? 'yes' : 'no'],
                ['Start sequence', String(rules.data.rules.startSequence)],
                ['Stop sequence', String(rules.data.rules.stopSequence)],
                ['Wait exit', rules.data.rules.waitExit ? 'yes' : 'no'],
                ['Expected loading', `${rules.data.rules.expectedLoading}%`],
                ['Identifiers', rules.data.rules.identifiers.join(', ') || '*'],
              ] as const
            ).map(([term, value]) => (
              <div key={term} className="rules__item">
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="muted">{rules.error ? `No rules: ${rules.error.message}` : 'Reading the rules…'}</p>
      )}

      <div className="drawer__row">
        <h3>CPU and memory</h3>
        <label className="drawer__period">
          <span>Period</span>
          <select
            className="input"
            value={period}
            onChange={(event) =>
              setParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  next.set('period', event.target.value);
                  return next;
                },
                { replace: true },
              )
            }
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                last {p} min
              </option>
            ))}
          </select>
        </label>
      </div>
      {instance === null ? (
        <p className="muted">Not placed on any instance.</p>
      ) : summaries.cpu === null ? (
        <p className="muted">
          No statistics for {ns} on {instance} (no agent there, or not yet).
        </p>
      ) : (
        <>
          <table className="table table--compact" aria-label={`Statistics of ${ns}`}>
            <thead>
              <tr>
                <th scope="col">On {instance}</th>
                <th scope="col" className="num">
                  Last
                </th>
                <th scope="col" className="num">
                  Mean
                </th>
                <th scope="col" className="num">
                  Slope / min
                </th>
                <th scope="col" className="num">
                  Std dev
                </th>
                <th scope="col">Trend</th>
              </tr>
            </thead>
            <tbody>
              <SummaryRow label="CPU" summary={summaries.cpu} format={formatCpu} />
              {summaries.rss && <SummaryRow label="Memory" summary={summaries.rss} format={formatBytes} />}
            </tbody>
          </table>
          <Suspense fallback={<p className="muted">Loading the chart…</p>}>
            <StatsChart title={`${ns} on ${instance}`} instance={instance} namespec={ns} sample={live} />
          </Suspense>
        </>
      )}

      <h3>Last jobs</h3>
      {lastJobs.length === 0 ? (
        <p className="muted">No job of this page's session touched it.</p>
      ) : (
        <ul className="drawer__list">
          {lastJobs.map((job) => (
            <li key={job.id}>
              {formatTimestamp(job.createdAt)} · {job.kind} of {job.target.name} · {job.state}
              {job.error && ` (${job.error})`}
            </li>
          ))}
        </ul>
      )}

      <h3>History</h3>
      {history.data && history.data.length > 0 ? (
        <ul className="drawer__list" aria-label={`History of ${ns}`}>
          {history.data.map((entry) => (
            <li key={entry.id}>
              {formatTimestamp(entry.at)} · {entry.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{history.isPending ? 'Reading the history…' : 'Nothing recorded.'}</p>
      )}

      <LogPanel id={logsId} namespec={ns} onClose={onClose} />
    </section>
  );
}

function SummaryRow({
  label,
  summary,
  format,
}: {
  label: string;
  summary: SeriesSummary;
  format: (value: number) => string;
}) {
  const sign = summary.slopePerMinute > 0 ? '+' : summary.slopePerMinute < 0 ? '−' : '';
  return (
    <tr data-metric={label}>
      <th scope="row">{label}</th>
      <td className="num">{format(summary.last)}</td>
      <td className="num">{format(summary.mean)}</td>
      <td className="num">
        {sign}
        {format(Math.abs(summary.slopePerMinute))}
      </td>
      <td className="num">{format(summary.stddev)}</td>
      <td>
        <span aria-hidden="true">{TREND_ARROWS[summary.trend]}</span> {summary.trend}
      </td>
    </tr>
  );
}

function periodOf(value: string | null): number {
  const n = Number(value);
  return (PERIODS as readonly number[]).includes(n) ? n : 5;
}

/** The jobs this page knows of that touched the process, newest first. */
function jobsOf(jobs: readonly Job[], process: Process): Job[] {
  return jobs
    .filter(
      (job) =>
        (job.target.type === 'process' && job.target.name === process.namespec) ||
        job.ranks.some((rank) => rank.processes.some((p) => p.namespec === process.namespec)),
    )
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, 5);
}
