import { lazy, Suspense, useCallback, useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  startingStrategySchema,
  type Application,
  type Process,
  type StartingStrategy,
} from '@supfleet/protocol';
import { useApplicationAction } from '../hooks/useApplicationAction';
import { useApplicationJob } from '../hooks/useApplicationJob';
import { useApplicationProcesses } from '../hooks/useApplicationProcesses';
import { useClearLogs } from '../hooks/useClearLogs';
import { useConflictResolve } from '../hooks/useConflictResolve';
import { useFleetStats } from '../hooks/useFleetStats';
import { useProcessAction } from '../hooks/useProcessAction';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { processStatsOf } from '../lib/process-view';
import { applicationStateTone } from '../lib/state-tone';
import { ActionAlert, refusal, refusals } from './ActionAlert';
import { ApplicationActions } from './ApplicationActions';
import { ApplicationRulesSummary } from './ApplicationRulesSummary';
import { ConflictsPanel } from './ConflictsPanel';
import { FailureReasons } from './FailureReasons';
import { JobProgress } from './JobProgress';
import { Led } from './Led';
import { LogPanel } from './LogPanel';
import { ProcessTable } from './ProcessTable';
import type { RowAction } from './ProcessRow';
import { StartPlanPreview } from './StartPlanPreview';
import { StateBadge } from './StateBadge';

// The process view (rules, statistics, history) loads when a process is first opened.
const ProcessDrawer = lazy(async () => ({ default: (await import('./ProcessDrawer')).ProcessDrawer }));

/** The Application page once the application is known: status, actions, job, conflicts, processes, logs. */
export function ApplicationView({ application }: { application: Application }) {
  const processes = useApplicationProcesses(application.name).data ?? [];
  const job = useApplicationJob(application);
  const applicationAction = useApplicationAction(application.name);
  const processAction = useProcessAction();
  const conflictResolve = useConflictResolve();
  const clearLogs = useClearLogs();
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const logsPanelId = useId();
  const [params, setParams] = useSearchParams();
  const strategy = strategyOf(params.get('strategy'));
  const selected = params.get('process');
  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === undefined) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: key !== 'process' },
    );

  // Stable, so the process table (memoised) does not render each second with the job's clock.
  const { mutate: mutateProcess } = processAction;
  const { mutate: mutateClear } = clearLogs;
  const { mutate: mutateResolve } = conflictResolve;
  const onProcessAction = useCallback(
    (namespec: string, action: RowAction) =>
      action === 'clear-logs' ? mutateClear({ namespec }) : mutateProcess({ namespec, action }),
    [mutateProcess, mutateClear],
  );
  const onStartHere = useCallback(
    (namespec: string, instance: string) => mutateProcess({ namespec, action: 'start', instance }),
    [mutateProcess],
  );
  const onConciliate = useCallback(
    (namespec: string, keep: string) => mutateResolve({ namespec, keep }),
    [mutateResolve],
  );
  const onLogs = useCallback(
    (namespec: string) => setLogsOf((open) => (open === namespec ? null : namespec)),
    [],
  );
  const totals = useApplicationTotals(processes);

  const busy = application.jobId !== null || job?.state === 'running' || applicationAction.isPending;
  const disabledReason = !application.managed
    ? 'Unmanaged application: no rule matches it, so supfleet never orchestrates it'
    : busy
      ? 'A job is running on this application'
      : null;

  const errors = refusals(
    refusal('application', applicationAction, ({ action }) => `${action} ${application.name}`),
    refusal('process', processAction, ({ action, namespec }) => `${action} ${namespec}`),
    refusal('clear', clearLogs, ({ namespec }) => `clear the logs of ${namespec}`),
    refusal('conflict', conflictResolve, ({ namespec, keep }) => `keep ${namespec} on ${keep}`),
  );
  const conflicts = processes.filter((p) => p.conflict);
  const selectedProcess = selected === null ? undefined : processes.find((p) => p.namespec === selected);

  return (
    <>
      <title>{`${application.name} · supfleet`}</title>
      <div className="app-head">
        <div className="app-head__identity">
          <h1>{application.name}</h1>
          <div className="app-head__status">
            <StateBadge state={application.state} tone={applicationStateTone(application.state)} />
            <Led status={application.status} withLabel />
            {!application.managed && <span className="tag">unmanaged</span>}
          </div>
          <p className="app-head__totals muted" aria-label="Application totals">
            {totals.running} of {processes.length} running · CPU{' '}
            {totals.cpu === null ? '—' : formatCpu(totals.cpu)} · memory{' '}
            {totals.rss === null ? '—' : formatBytes(totals.rss)}
          </p>
          <FailureReasons reasons={application.reasons} />
        </div>
        <ApplicationActions
          unavailable={disabledReason}
          onAction={(action) => applicationAction.mutate({ action, strategy })}
          strategy={strategy}
          rulesStrategy={application.rules.startingStrategy}
          onStrategy={(next) => setParam('strategy', next)}
        />
      </div>
      <StartPlanPreview application={application} processes={processes} strategy={strategy} />
      {application.managed && <ApplicationRulesSummary application={application} />}
      <ActionAlert errors={errors} />
      <JobProgress job={job} />
      <ConflictsPanel
        processes={conflicts}
        unavailable={
          busy
            ? 'A job is running on this application'
            : conflictResolve.isPending
              ? 'A choice is being sent'
              : null
        }
        onKeep={(namespec, keep) => conflictResolve.mutate({ namespec, keep })}
      />
      <h2>Processes</h2>
      <ProcessTable
        processes={processes}
        // Processes of an unmanaged application are started and stopped one by one (never orchestrated).
        actionsUnavailable={
          busy
            ? 'A job is running on this application'
            : processAction.isPending
              ? 'An action is being sent'
              : null
        }
        onAction={onProcessAction}
        onStartHere={onStartHere}
        onConciliate={onConciliate}
        logsOf={logsOf}
        logsPanelId={logsPanelId}
        onLogs={onLogs}
      />
      {logsOf !== null && (
        <LogPanel key={logsOf} id={logsPanelId} namespec={logsOf} onClose={() => setLogsOf(null)} />
      )}
      {selectedProcess && (
        <Suspense fallback={null}>
          <ProcessDrawer
            key={selectedProcess.namespec}
            process={selectedProcess}
            onClose={() => setParam('process', undefined)}
          />
        </Suspense>
      )}
    </>
  );
}

function strategyOf(value: string | null): StartingStrategy | undefined {
  const parsed = startingStrategySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** CPU and memory of the whole application (the processes whose agent reported), and how many run. */
function useApplicationTotals(processes: readonly Process[]) {
  const stats = useFleetStats().data?.stats;
  return useMemo(() => {
    let cpu: number | null = null;
    let rss: number | null = null;
    let running = 0;
    for (const process of processes) {
      if (process.runningOn.length > 0) running += 1;
      const sample = stats ? processStatsOf(process, stats) : undefined;
      if (!sample) continue;
      cpu = (cpu ?? 0) + sample.cpu;
      rss = (rss ?? 0) + sample.rss;
    }
    return { cpu, rss, running };
  }, [processes, stats]);
}
