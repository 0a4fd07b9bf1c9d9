import { lazy, Suspense, useCallback, useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Instance, InstanceStats } from '@supfleet/protocol';
import { ActionAlert, refusal, refusals } from '../components/ActionAlert';
import { ActionButton } from '../components/ActionButton';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { InstanceProcessGroup } from '../components/InstanceProcessGroup';
import { LogPanel } from '../components/LogPanel';
import { StateBadge } from '../components/StateBadge';
import { Uptime } from '../components/Uptime';
import { Waiting } from '../components/Waiting';
import { useClearLogs } from '../hooks/useClearLogs';
import { useFleetStats } from '../hooks/useFleetStats';
import { useInstance } from '../hooks/useInstance';
import { useNow } from '../hooks/useNow';
import { useProcessAction } from '../hooks/useProcessAction';
import { useSupervisordControl } from '../hooks/useSupervisordControl';
import { formatAgo } from '../lib/format-ago';
import { formatClock } from '../lib/format-clock';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { liveSample } from '../lib/stats-series';
import { instanceStateTone, processStateTone } from '../lib/state-tone';
import './instance-page.css';

// uPlot loads with the first chart, not with the page.
const StatsChart = lazy(async () => ({ default: (await import('../components/StatsChart')).StatsChart }));

type Control = 'restart' | 'shutdown';

/**
 * One supervisord, as Supvisors' Supervisor page: its processes grouped by application,
 * supervisord itself and the agent's listener as rows, the node's statistics from the agent,
 * and (admin) restart or shut down, confirmed with the list of what will stop.
 */
export function InstancePage() {
  const { name = '' } = useParams();
  const view = useInstance(name);
  const stats = useFleetStats().data?.stats[name];
  const processAction = useProcessAction();
  const clearLogs = useClearLogs();
  const control = useSupervisordControl(name);
  const [confirming, setConfirming] = useState<Control | null>(null);
  const [logsOf, setLogsOf] = useState<string | null>(null);
  const logsPanelId = useId();
  const { mutate: mutateProcess } = processAction;
  const { mutate: mutateClear } = clearLogs;
  const onAction = useCallback(
    (namespec: string, action: 'start' | 'stop' | 'restart' | 'clear-logs') =>
      action === 'clear-logs'
        ? mutateClear({ namespec, instance: name })
        : mutateProcess({ namespec, action, instance: name }),
    [mutateProcess, mutateClear, name],
  );
  const onLogs = useCallback(
    (namespec: string) => setLogsOf((open) => (open === namespec ? null : namespec)),
    [],
  );
  const running = useMemo(
    () =>
      (view.data?.groups ?? []).flatMap((group) =>
        group.processes.filter((p) => p.runningOn.includes(name)).map((p) => p.namespec),
      ),
    [view.data, name],
  );

  // Refusals shown where the user acted (the footer says them too).
  const errors = refusals(
    refusal('control', control, (action) =>
      action === 'shutdown' ? `shut down supervisord on ${name}` : `restart supervisord on ${name}`,
    ),
    refusal('process', processAction, ({ action, namespec }) => `${action} ${namespec}`),
    refusal('clear', clearLogs, ({ namespec }) => `clear the logs of ${namespec}`),
  );

  if (view.isPending) return <Waiting />;
  if (!view.data) {
    return (
      <>
        <title>{`${name} · supfleet`}</title>
        <h1>{name}</h1>
        <p>
          No instance is named “{name}”. <Link to="/">Back to the dashboard</Link>
        </p>
      </>
    );
  }
  const { instance, groups } = view.data;
  const answering = instance.state === 'RUNNING';
  const unavailable = answering
    ? control.isPending
      ? 'A request is being sent'
      : null
    : `${name} is ${instance.state}`;

  return (
    <>
      <title>{`${name} · supfleet`}</title>
      <div className="app-head">
        <div>
          <h1>{name}</h1>
          <div className="app-head__status">
            <StateBadge state={instance.state} tone={instanceStateTone(instance.state)} />
            <span className="muted">
              node {instance.node} · {instance.host}:{instance.port} · loading {instance.loading}%
            </span>
          </div>
        </div>
        <div className="actions" role="group" aria-label="Supervisord actions">
          <ActionButton
            need="admin"
            className="button"
            unavailable={unavailable}
            onClick={() => setConfirming('restart')}
          >
            Restart supervisord
          </ActionButton>
          <ActionButton
            need="admin"
            className="button button--danger"
            unavailable={unavailable}
            onClick={() => setConfirming('shutdown')}
          >
            Shut down supervisord
          </ActionButton>
        </div>
      </div>
      <ActionAlert errors={errors} />
      {confirming && (
        <ConfirmDialog
          title={`${confirming === 'restart' ? 'Restart' : 'Shut down'} supervisord on ${name}?`}
          confirm={`${confirming === 'restart' ? 'Restart' : 'Shut down'} supervisord on ${name}`}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            control.mutate(confirming);
            setConfirming(null);
          }}
        >
          {running.length === 0 ? (
            <p>No process runs there now.</p>
          ) : (
            <>
              <p>
                {running.length === 1 ? 'This process stops:' : `These ${running.length} processes stop:`}
              </p>
              <ul className="confirm__list">
                {running.map((namespec) => (
                  <li key={namespec}>{namespec}</li>
                ))}
              </ul>
            </>
          )}
          <p>
            {confirming === 'restart'
              ? 'supervisord then starts again with its autostart programs; supfleet sees it go and come back.'
              : `supervisord then answers no more until someone starts it on ${instance.node}; supfleet declares ${name} lost and applies the running failure strategies.`}
          </p>
        </ConfirmDialog>
      )}

      <NodeStatistics instance={instance} stats={stats} />

      <h2 id="instance-processes">Processes</h2>
      <div className="table-wrap">
        <table className="table instance-table" aria-labelledby="instance-processes">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col" className="col-wide">
                Description
              </th>
              <th scope="col" className="num col-wide">
                CPU
              </th>
              <th scope="col" className="num col-wide">
                Memory
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <tr data-row="supervisord" className="row--service">
              <th scope="row" className="name">
                supervisord
              </th>
              <td>
                <StateBadge state={instance.state} tone={instanceStateTone(instance.state)} />
              </td>
              <td className="description col-wide">
                {instance.identification ?? '—'}
                {instance.error && <span className="error-text"> — {instance.error}</span>}
              </td>
              <td className="num col-wide">{stats ? formatCpu(stats.node.cpu) : '—'}</td>
              <td className="num col-wide">{stats ? formatBytes(stats.node.memoryUsed) : '—'}</td>
              <td className="muted">
                {instance.lastSeen === null ? 'never reached' : `answered ${formatClock(instance.lastSeen)}`}
              </td>
            </tr>
            <ListenerRow instance={instance} stats={stats} />
          </tbody>
          {groups.map((group) => (
            <InstanceProcessGroup
              key={group.application}
              instance={name}
              application={group.application}
              managed={group.managed}
              processes={group.processes}
              stats={stats}
              actionsUnavailable={answering ? null : `${name} is ${instance.state}`}
              onAction={onAction}
              logsOf={logsOf}
              logsPanelId={logsPanelId}
              onLogs={onLogs}
            />
          ))}
        </table>
      </div>
      {groups.length === 0 && (
        <p className="muted">This supervisord defines no process (or was never read).</p>
      )}
      {logsOf !== null && (
        <LogPanel key={logsOf} id={logsPanelId} namespec={logsOf} onClose={() => setLogsOf(null)} />
      )}
    </>
  );
}

/** The agent's own event listener: shown with its instance, with the agent's last heartbeat. */
function ListenerRow({ instance, stats }: { instance: Instance; stats: InstanceStats | undefined }) {
  const now = useNow(1000);
  const listener = instance.listener;
  return (
    <tr data-row="agent" className="row--service">
      <th scope="row" className="name">
        {listener ? `agent (${listener.namespec})` : 'agent'}
      </th>
      <td>
        {listener ? (
          <StateBadge state={listener.state} tone={processStateTone(listener.state, false)} />
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <td className="description col-wide">
        {listener ? (
          <>
            {listener.description}
            {listener.state === 'RUNNING' && listener.start > 0 && (
              <>
                {' '}
                · up <Uptime startSeconds={listener.start} />
              </>
            )}
          </>
        ) : (
          'No [eventlistener:supfleet] in this supervisord: supfleet polls it (docs/agent.md)'
        )}
      </td>
      <td className="col-wide" />
      <td className="col-wide" />
      <td className="muted" data-heartbeat={stats ? 'yes' : 'no'}>
        {stats
          ? `last heartbeat ${formatClock(stats.at)} (${formatAgo(now - stats.at)})`
          : instance.agent
            ? 'heartbeat without statistics'
            : 'no heartbeat'}
      </td>
    </tr>
  );
}

/** CPU, memory and load of the node, from its agent; said plainly when there is none. */
function NodeStatistics({ instance, stats }: { instance: Instance; stats: InstanceStats | undefined }) {
  const nodeSample = useMemo(() => liveSample(stats, null), [stats]);
  return (
    <section className="node-stats" aria-labelledby="node-statistics">
      <h2 id="node-statistics">Node statistics</h2>
      {!instance.agent || !stats ? (
        <p className="muted">
          No agent reports for {instance.id}: no statistics. Add the node agent to its supervisord
          ([eventlistener:supfleet], docs/agent.md) to see CPU, memory and load here.
        </p>
      ) : (
        <>
          <dl className="rules" aria-label={`Statistics of ${instance.node}`}>
            <div className="rules__item">
              <dt>CPU</dt>
              <dd>{formatCpu(stats.node.cpu)}</dd>
            </div>
            <div className="rules__item">
              <dt>Memory</dt>
              <dd>
                {formatBytes(stats.node.memoryUsed)} of {formatBytes(stats.node.memoryTotal)}
              </dd>
            </div>
            <div className="rules__item">
              <dt>Load</dt>
              <dd>{stats.node.load.map((l) => l.toFixed(2)).join(' · ')}</dd>
            </div>
            <div className="rules__item">
              <dt>Sampled</dt>
              <dd>{formatClock(stats.at)}</dd>
            </div>
          </dl>
          <NodeDetail node={stats.node} />
          <Suspense fallback={<p className="muted">Loading the chart…</p>}>
            <StatsChart
              title={`node ${instance.node}`}
              instance={instance.id}
              namespec={null}
              sample={nodeSample}
            />
          </Suspense>
        </>
      )}
    </section>
  );
}

/** Per core, per interface, per disk: what the agent measures beyond the totals (none from older agents). */
function NodeDetail({ node }: { node: InstanceStats['node'] }) {
  const perSecond = (bytes: number) => `${formatBytes(bytes)}/s`;
  return (
    <div className="node-detail">
      {node.cores && node.cores.length > 0 && (
        <div>
          <h3>CPU per core</h3>
          <ul className="cores" aria-label="CPU per core">
            {node.cores.map((value, index) => (
              <li key={index} className="cores__core" title={`core ${index}: ${formatCpu(value)}`}>
                <span className="cores__label">{index}</span>
                <span className="loading__bar cores__bar" aria-hidden="true">
                  <span className="loading__fill" style={{ width: `${Math.min(100, value)}%` }} />
                </span>
                <span className="cores__value">{formatCpu(value)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {node.network && node.network.length > 0 && (
        <FigureTable
          label="Network per interface"
          head={['Interface', 'Received', 'Sent']}
          rows={node.network.map((row) => [row.name, perSecond(row.rx), perSecond(row.tx)])}
        />
      )}
      {node.disks && node.disks.length > 0 && (
        <FigureTable
          label="Disk usage"
          head={['File system', 'Used', 'Size']}
          rows={node.disks.map((row) => [
            row.path,
            `${formatBytes(row.used)} (${row.total > 0 ? Math.round((row.used / row.total) * 100) : 0}%)`,
            formatBytes(row.total),
          ])}
        />
      )}
      {node.diskIo && node.diskIo.length > 0 && (
        <FigureTable
          label="Disk I/O"
          head={['Disk', 'Read', 'Written']}
          rows={node.diskIo.map((row) => [row.name, perSecond(row.read), perSecond(row.write)])}
        />
      )}
    </div>
  );
}

/** A small table of a name and two figures per row. */
function FigureTable({
  label,
  head,
  rows,
}: {
  label: string;
  head: readonly [string, string, string];
  rows: readonly (readonly [string, string, string])[];
}) {
  return (
    <table className="table table--compact" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col" className="num">
            {head[1]}
          </th>
          <th scope="col" className="num">
            {head[2]}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, first, second]) => (
          <tr key={name}>
            <td className="mono">{name}</td>
            <td className="num">{first}</td>
            <td className="num">{second}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
