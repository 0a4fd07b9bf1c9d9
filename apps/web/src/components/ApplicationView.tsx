import { useCallback, useId, useState } from 'react';
import type { Application } from '@supfleet/protocol';
import type { ProcessAction } from '../api/post-action';
import { useApplicationAction } from '../hooks/useApplicationAction';
import { useApplicationJob } from '../hooks/useApplicationJob';
import { useApplicationProcesses } from '../hooks/useApplicationProcesses';
import { useConflictResolve } from '../hooks/useConflictResolve';
import { useProcessAction } from '../hooks/useProcessAction';
import { applicationStateTone } from '../lib/state-tone';
import { ActionAlert, type ActionError } from './ActionAlert';
import { ApplicationActions } from './ApplicationActions';
import { ApplicationRulesSummary } from './ApplicationRulesSummary';
import { ConflictsPanel } from './ConflictsPanel';
import { FailureReasons } from './FailureReasons';
import { JobProgress } from './JobProgress';
import { Led } from './Led';
import { LogPanel } from './LogPanel';
import { ProcessTable } from './ProcessTable';
import { StartPlanPreview } from './StartPlanPreview';
import { StateBadge } from './StateBadge';

/** The Application page once the application is known: status, actions, job, conflicts, processes, logs. */
export function ApplicationView({ application }: { application: Application }) {
  const processes = useApplicationProcesses(application.name).data ?? [];
  const job = useApplicationJob(application);
  const applicationAction = useApplicationAction(application.name);
  const processAction = useProcessAction();
  const conflictResolve = useConflictResolve();
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const logsPanelId = useId();
  // Stable, so the process table (memoised) does not render each second with the job's clock.
  const { mutate: mutateProcess } = processAction;
  const onProcessAction = useCallback(
    (namespec: string, action: ProcessAction) => mutateProcess({ namespec, action }),
    [mutateProcess],
  );
  const onLogs = useCallback(
    (namespec: string) => setLogsOf((open) => (open === namespec ? null : namespec)),
    [],
  );

  const busy = application.jobId !== null || job?.state === 'running' || applicationAction.isPending;
  const disabledReason = !application.managed
    ? 'Unmanaged application: no rule matches it, so supfleet never orchestrates it'
    : busy
      ? 'A job is running on this application'
      : null;

  const errors: ActionError[] = [];
  if (applicationAction.error && applicationAction.variables) {
    errors.push({
      key: 'application',
      message: `Could not ${applicationAction.variables} ${application.name}: ${applicationAction.error.message}`,
      dismiss: applicationAction.reset,
    });
  }
  if (processAction.error && processAction.variables) {
    const { action, namespec } = processAction.variables;
    errors.push({
      key: 'process',
      message: `Could not ${action} ${namespec}: ${processAction.error.message}`,
      dismiss: processAction.reset,
    });
  }

  if (conflictResolve.error && conflictResolve.variables) {
    const { namespec, keep } = conflictResolve.variables;
    errors.push({
      key: 'conflict',
      message: `Could not keep ${namespec} on ${keep}: ${conflictResolve.error.message}`,
      dismiss: conflictResolve.reset,
    });
  }
  const conflicts = processes.filter((p) => p.conflict);

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
          <FailureReasons reasons={application.reasons} />
        </div>
        <ApplicationActions
          unavailable={disabledReason}
          onAction={(action) => applicationAction.mutate(action)}
        />
      </div>
      <StartPlanPreview application={application} processes={processes} />
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
        logsOf={logsOf}
        logsPanelId={logsPanelId}
        onLogs={onLogs}
      />
      {logsOf !== null && (
        <LogPanel key={logsOf} id={logsPanelId} namespec={logsOf} onClose={() => setLogsOf(null)} />
      )}
    </>
  );
}
