import { lazy, memo, Suspense, useCallback, useId, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Process } from '@supfleet/protocol';
import type { ProcessAction } from '../api/post-action';
import { useFleetStats } from '../hooks/useFleetStats';
import {
  DEFAULT_PROCESS_VIEW,
  DESCENDING_FIRST,
  instancesOf,
  processStatsOf,
  viewProcesses,
  type ProcessSortKey,
  type ProcessView,
} from '../lib/process-view';
import { ProcessRow } from './ProcessRow';
import { ProcessTableControls } from './ProcessTableControls';

// uPlot stays out of the initial bundle: loaded the first time charts are opened.
const StatsCharts = lazy(() => import('./StatsCharts'));

interface ProcessTableProps {
  processes: readonly Process[];
  /** Why the process actions are disabled, null when they are not. */
  actionsUnavailable: string | null;
  onAction: (namespec: string, action: ProcessAction) => void;
  /** The process whose log panel is open, null when none is. */
  logsOf: string | null;
  logsPanelId: string;
  onLogs: (namespec: string) => void;
}

/** Height of a row in px; fixed by the stylesheet (.processes tbody tr), so rows need no measuring. */
export const PROCESS_ROW_HEIGHT = 38;
const COLUMNS = 8;
const NO_STATS = { stats: {}, agents: [] };

const SORTABLE: { key: ProcessSortKey; label: string; className?: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'state', label: 'State' },
  { key: 'instance', label: 'Instance' },
];

/**
 * The processes of an application, virtualised: only the rows in view (and a few around) are
 * in the page, so 2,000 processes cost as little as 30. Filters above, sorting on the headers.
 */
export const ProcessTable = memo(function ProcessTable({
  processes,
  actionsUnavailable,
  onAction,
  logsOf,
  logsPanelId,
  onLogs,
}: ProcessTableProps) {
  const { stats, agents: agentList } = useFleetStats().data ?? NO_STATS;
  const agents = useMemo(() => new Set(agentList), [agentList]);
  const [view, setView] = useState<ProcessView>(DEFAULT_PROCESS_VIEW);
  const [chartsOf, setChartsOf] = useState<string | null>(null);
  const chartsPanelId = useId();
  // Once per change set (the live data comes in one batch per frame) or view change.
  const rows = useMemo(() => viewProcesses(processes, view, stats), [processes, view, stats]);
  const instances = useMemo(() => instancesOf(processes), [processes]);

  // Stable callbacks, so memoised rows are not re-rendered by a new parent function.
  const latest = useRef({ onAction, onLogs });
  latest.current = { onAction, onLogs };
  const action = useCallback(
    (namespec: string, a: ProcessAction) => latest.current.onAction(namespec, a),
    [],
  );
  const logs = useCallback((namespec: string) => latest.current.onLogs(namespec), []);
  const charts = useCallback(
    (namespec: string) => setChartsOf((open) => (open === namespec ? null : namespec)),
    [],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => PROCESS_ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.namespec ?? index,
    overscan: 8,
    // A first screenful before the container is measured, so the first paint has rows.
    initialRect: { width: 0, height: 800 },
  });
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
        shown={rows.length}
        total={processes.length}
      />
      <div ref={scrollRef} className="table-scroll" tabIndex={0}>
        <table className="table processes" aria-label="Processes" aria-rowcount={rows.length + 1}>
          <colgroup>
            <col className="col-name" />
            <col className="col-state" />
            <col className="col-instance" />
            <col />
            <col className="col-loading" />
            <col className="col-cpu" />
            <col className="col-memory" />
            <col className="col-actions" />
          </colgroup>
          <thead>
            <tr aria-rowindex={1}>
              {SORTABLE.map(({ key, label }) => header(key, label))}
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Expected loading
              </th>
              {header('cpu', 'CPU', 'num')}
              {header('memory', 'Memory', 'num')}
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
                  const process = rows[item.index]!;
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

/** The room of the rows out of view, so the scroll bar is the whole table's. */
function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="spacer" style={{ height }}>
      <td colSpan={COLUMNS} />
    </tr>
  );
}
