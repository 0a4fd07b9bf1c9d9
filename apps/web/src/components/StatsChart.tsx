import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StatsSample } from '@supfleet/protocol';
import { fetchStatsHistory } from '../api/fetch-stats-history';
import { formatBytes, formatCpu } from '../lib/format-stats';
import { appendSamples, emptySeries, type StatsSeries } from '../lib/stats-series';

interface StatsChartProps {
  title: string;
  instance: string;
  /** The process charted; null for the instance's node. */
  namespec: string | null;
  /** The last live sample, null before the first. */
  sample: StatsSample | null;
}

const HEIGHT = 150;
const WINDOW_S = 300;

/** CPU and memory over time: the recent history from the server, then each live sample. */
export function StatsChart({ title, instance, namespec, sample }: StatsChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const seriesRef = useRef<StatsSeries>(emptySeries());
  const redraw = () => {
    const s = seriesRef.current;
    plotRef.current?.setData([s.at, s.cpu, s.rss]);
  };

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    // The canvas takes the page's colours (light or dark) as they are when the chart is made.
    const style = getComputedStyle(box);
    const colour = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const lines = colour('--border', '#d9dee5');
    const axis = {
      stroke: colour('--muted', '#5f6b7a'),
      grid: { stroke: lines, width: 1 },
      ticks: { stroke: lines, width: 1 },
    };
    const plot = new uPlot(
      {
        width: Math.max(240, box.clientWidth),
        height: HEIGHT,
        legend: { show: true },
        scales: {
          // At least the last five minutes, so a first sample does not stretch the axis over years.
          x: {
            time: true,
            range: (_u, min, max) =>
              Number.isFinite(max) ? [Math.min(min, max - WINDOW_S), max] : [min, max],
          },
          cpu: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        },
        series: [
          {},
          {
            label: 'CPU',
            scale: 'cpu',
            stroke: colour('--accent', '#1f5fbf'),
            width: 1.5,
            value: (_u, v) => (v == null ? '—' : formatCpu(v)),
          },
          {
            label: 'Memory',
            scale: 'rss',
            stroke: colour('--ok', '#2e7d32'),
            width: 1.5,
            value: (_u, v) => (v == null ? '—' : formatBytes(v)),
          },
        ],
        axes: [
          { ...axis },
          { ...axis, scale: 'cpu', values: (_u, ticks) => ticks.map((v) => `${v}%`), size: 50 },
          {
            ...axis,
            scale: 'rss',
            side: 1,
            grid: { show: false },
            values: (_u, ticks) => ticks.map(formatBytes),
            size: 70,
          },
        ],
      },
      [[], [], []],
      box,
    );
    plotRef.current = plot;
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(240, box.clientWidth), height: HEIGHT }),
    );
    resize.observe(box);
    const controller = new AbortController();
    fetchStatsHistory(instance, namespec, controller.signal)
      .then((history) => {
        // History first, then the live samples that came meanwhile.
        const live = seriesRef.current;
        const merged = appendSamples(emptySeries(), history);
        appendSamples(
          merged,
          live.at.map((at, i) => ({ at: at * 1000, cpu: live.cpu[i]!, rss: live.rss[i]! })),
        );
        seriesRef.current = merged;
        redraw();
      })
      .catch(() => undefined);
    return () => {
      controller.abort();
      resize.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [instance, namespec]);

  useEffect(() => {
    if (!sample) return;
    appendSamples(seriesRef.current, [sample]);
    redraw();
  }, [sample]);

  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <div ref={boxRef} className="chart__plot" role="img" aria-label={`CPU and memory of ${title}`} />
    </figure>
  );
}
