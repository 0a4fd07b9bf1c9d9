import { lazy, memo, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Process, ProcessOnInstance } from '@supfleet/protocol';
import { useFleetStats, type FleetStatsView } from '../hooks/useFleetStats';
import { processViewFromUrl, processViewToUrl } from '../lib/process-view-url';
import {
  DESCENDING_FIRST,
  instancesOf,
  processStatsOf,
  viewProcesses,
  type ProcessSortKey,
  type ProcessView,
} from '../lib/process-view';
import { ProcessInstanceRow } from './ProcessInstanceRow';
import { ProcessRow, type RowAction } from './ProcessRow';
import { ProcessTableControls } from './ProcessTableControls';
import './process-table.css';

// uPlot stays out of the initial bundle: loaded the first time charts are opened.
const StatsCharts = lazy(() => import('./StatsCharts'));

interface ProcessTableProps {
  processes: readonly Process[];
  /** Why the process actions are disabled, null when they are not. */
  actionsUnavailable: string | null;
  onAction: (namespec: string, action: RowAction) => void;
  /** Start a process on one instance (its per-instance row). */
  onStartHere: (namespec: string, instance: string) => void;
  /** End a conflict keeping the process on one instance. */
  onConciliate: (namespec: string, keep: string) => void;
  /** The process whose log panel is open, null when none is. */
  logsOf: string | null;
  logsPanelId: string;
  onLogs: (namespec: string) => void;
}

/** Height of a row in px; fixed by the stylesheet (.processes tbody tr), so rows need no measuring. */
export const PROCESS_ROW_HEIGHT = 38;
const COLUMNS = 8;

/** A row of the table: a process, or what one instance says of a process whose [+] is open. */
type TableRow = { process: Process; entry?: ProcessOnInstance };
const NO_STATS: FleetStatsView = { stats: {}, agents: [] };

const SORTABLE: { key: ProcessSortKey; label: string; className?: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'state', label: 'State' },
  { key: 'instance', label: 'Instance', className: 'col-wide' },
];

/**
 * The processes of an application, virtualised: only the rows in view (and a few around) are
 * in the page, so 2,000 processes cost as little as 30. Filters above, sorting on the headers.
 */
export const ProcessTable = memo(function ProcessTable({
  processes,
  actionsUnavailable,
  onAction,
  onStartHere,
  onConciliate,
  logsOf,
  logsPanelId,
  onLogs,
}: ProcessTableProps) {
  const { stats, agents: agentList } = useFleetStats().data ?? NO_STATS;
  const agents = useMemo(() => new Set(agentList), [agentList]);
  // The view lives in the URL: a shared link opens the same filters and sort.
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => processViewFromUrl(params), [params]);
  // The parameters last written, so that two changes in quick succession (clear the name, then pick
  // a state) compose: the router's own `current` is the rendered URL, and the second would undo the first.
  const written = useRef(params);
  const rendered = useRef(params);
  if (rendered.current !== params) {
    rendered.current = params;
    written.current = params;
  }
  const setView = (change: (v: ProcessView) => ProcessView) => {
    const next = processViewToUrl(change(processViewFromUrl(written.current)), written.current);
    written.current = next;
    setParams(next, { replace: true });
  };
  const [chartsOf, setChartsOf] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const chartsPanelId = useId();
  // Once per change set (the live data comes in one batch per frame) or view change.
  const processRows = useMemo(() => viewProcesses(processes, view, stats), [processes, view, stats]);
  const rows = useMemo<TableRow[]>(
    () =>
      processRows.flatMap((process) =>
        expanded.has(process.namespec)
          ? [{ process }, ...process.instances.map((entry) => ({ process, entry }))]
          : [{ process }],
      ),
    [processRows, expanded],
  );
  const instances = useMemo(() => instancesOf(processes), [processes]);
  // The name column as wide as the longest name (within reason): nothing cut with room to spare.
  const nameWidth = useMemo(
    () => Math.min(48, Math.max(12, ...processes.map((p) => p.name.length)) + 5),
    [processes],
  );
  const search = params.toString();

  // Stable callbacks, so memoised rows are not re-rendered by a new parent function.
  const latest = useRef({ onAction, onLogs, onStartHere, onConciliate });
  latest.current = { onAction, onLogs, onStartHere, onConciliate };
  const action = useCallback((namespec: string, a: RowAction) => latest.current.onAction(namespec, a), []);
  const logs = useCallback((namespec: string) => latest.current.onLogs(namespec), []);
  const startHere = useCallback(
    (namespec: string, instance: string) => latest.current.onStartHere(namespec, instance),
    [],
  );
  const conciliate = useCallback(
    (namespec: string, keep: string) => latest.current.onConciliate(namespec, keep),
    [],
  );
  const expand = useCallback(
    (namespec: string) =>
      setExpanded((open) => {
        const next = new Set(open);
        if (!next.delete(namespec)) next.add(namespec);
        return next;
      }),
    [],
  );
  const charts = useCallback(
    (namespec: string) => setChartsOf((open) => (open === namespec ? null : namespec)),
    [],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => PROCESS_ROW_HEIGHT,
    getItemKey: (index) => {
      const row = rows[index];
      return row ? `${row.process.namespec}@${row.entry?.instance ?? ''}` : index;
    },
    overscan: 8,
    // A first screenful before the container is measured, so the first paint has rows.
    initialRect: { width: 0, height: 800 },
  });
  // A new filter shows its first matches: scrolled far down a long list, the few left would be
  // out of view, and the table would look empty.
  const filters = `${view.text}\n${view.state}\n${view.instance}`;
  const firstFilters = useRef(filters);
  useEffect(() => {
    if (filters === firstFilters.current) return;
    firstFilters.current = filters;
    virtualizer.scrollToOffset(0);
  }, [filters, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const sortBy = (key: ProcessSortKey) =>
    setView((v) =>
      v.sort === key
        ? { ...v, descending: !v.descending }
        : { ...v, sort: key, descending: DESCENDING_FIRST.has(key) },
    );
  const header = (key: ProcessSortKey, label: string, className?: string) => (
    <th
      scope="col"
      className={className}
      key={key}
      aria-sort={view.sort === key ? (view.descending ? 'descending' : 'ascending') : undefined}
    >
      <button type="button" className="sort-button" onClick={() => sortBy(key)}>
        {label}
        <span aria-hidden="true" className="sort-button__arrow">
          {view.sort === key ? (view.descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </th>
  );
  const chartsProcess = chartsOf === null ? undefined : processes.find((p) => p.namespec === chartsOf);

  return (
    <>
      <ProcessTableControls
        view={view}
        onChange={(change) => setView((v) => ({ ...v, ...change }))}
        instances={instances}
        shown={processRows.length}
        total={processes.length}
      />
      <div ref={scrollRef} className="table-scroll" tabIndex={0}>
        <table className="table processes" aria-label="Processes" aria-rowcount={rows.length + 1}>
          <colgroup>
            <col className="col-name" style={{ width: `${nameWidth}ch` }} />
            <col className="col-state" />
            <col className="col-instance col-wide" />
            <col className="col-wide" />
            <col className="col-loading col-wide" />
            <col className="col-cpu col-wide" />
            <col className="col-memory col-wide" />
            <col className="col-actions" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {SORTABLE.map(({ key, label, className }) => header(key, label, className))}
              <th scope="col" className="col-wide">
                Description
              </th>
              <th scope="col" className="num col-wide">
                Expected loading
              </th>
              {header('cpu', 'CPU', 'num col-wide')}
              {header('memory', 'Memory', 'num col-wide')}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS} className="muted">
                  {processes.length === 0
                    ? 'No process is defined for this application.'
                    : 'No process matches the filters.'}
                </td>
              </tr>
            ) : (
              <>
                {before > 0 && <Spacer height={before} />}
                {items.map((item) => {
                  const { process, entry } = rows[item.index]!;
                  if (entry) {
                    return (
                      <ProcessInstanceRow
                        key={`${process.namespec}@${entry.instance}`}
                        process={process}
                        entry={entry}
                        stats={stats[entry.instance]?.processes[process.namespec]}
                        actionsUnavailable={actionsUnavailable}
                        onStartHere={startHere}
                        onConciliate={conciliate}
                        rowIndex={item.index + 2}
                      />
                    );
                  }
                  return (
                    <ProcessRow
                      key={process.namespec}
                      process={process}
                      actionsUnavailable={actionsUnavailable}
                      onAction={action}
                      logsOpen={logsOf === process.namespec}
                      logsPanelId={logsPanelId}
                      onLogs={logs}
                      stats={processStatsOf(process, stats)}
                      agent={process.instance !== null && agents.has(process.instance)}
                      chartsOpen={chartsOf === process.namespec}
                      chartsPanelId={chartsPanelId}
                      onCharts={charts}
                      expanded={expanded.has(process.namespec)}
                      onExpand={expand}
                      viewHref={`?${withProcess(search, process.namespec)}`}
                      rowIndex={item.index + 2}
                    />
                  );
                })}
                {after > 0 && <Spacer height={after} />}
              </>
            )}
          </tbody>
        </table>
      </div>
      {chartsProcess && (
        <Suspense fallback={<p className="muted">Loading the charts…</p>}>
          <StatsCharts
            key={chartsProcess.namespec}
            id={chartsPanelId}
            process={chartsProcess}
            onClose={() => setChartsOf(null)}
          />
        </Suspense>
      )}
    </>
  );
});

/** The page's query with the process view opened on `namespec`. */
function withProcess(search: string, namespec: string): string {
  const params = new URLSearchParams(search);
  params.set('process', namespec);
  return params.toString();
}

/** The room of the rows out of view, so the scroll bar is the whole table's. */
function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="spacer" style={{ height }}>
      <td colSpan={COLUMNS} />
    </tr>
  );
}
