import { useId, useMemo } from 'react';
import type { Process } from '@supfleet/protocol';
import { useFleetStats } from '../hooks/useFleetStats';
import { liveSample } from '../lib/stats-series';
import { StatsChart } from './StatsChart';
import './stats-charts.css';

interface StatsChartsProps {
  /** The id the row's CPU button points to (aria-controls). */
  id: string;
  process: Process;
  onClose: () => void;
}

/** Live CPU and memory charts of a process and of the instance it runs on, below the process table. */
export default function StatsCharts({ id, process, onClose }: StatsChartsProps) {
  const titleId = useId();
  const stats = useFleetStats().data?.stats;
  const instance = process.instance;
  const instanceStats = instance === null ? undefined : stats?.[instance];
  // Same sample object while the instance sends nothing new: no redraw.
  const processSample = useMemo(
    () => liveSample(instanceStats, process.namespec),
    [instanceStats, process.namespec],
  );
  const nodeSample = useMemo(() => liveSample(instanceStats, null), [instanceStats]);
  return (
    <section id={id} className="charts" aria-labelledby={titleId}>
      <div className="charts__head">
        <h2 id={titleId}>Charts {process.namespec}</h2>
        <button type="button" className="button button--small" onClick={onClose}>
          Close
        </button>
      </div>
      {instance === null ? (
        <p className="muted">{process.namespec} is not placed on any instance.</p>
      ) : (
        <div className="charts__grid">
          <StatsChart
            title={`${process.namespec} on ${instance}`}
            instance={instance}
            namespec={process.namespec}
            sample={processSample}
          />
          <StatsChart
            title={`instance ${instance}`}
            instance={instance}
            namespec={null}
            sample={nodeSample}
          />
        </div>
      )}
    </section>
  );
}
