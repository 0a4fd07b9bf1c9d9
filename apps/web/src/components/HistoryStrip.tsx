import {
  OPERATIONAL_STATUS_LABELS,
  operationalStatusSchema,
  type HistoryEntry,
  type OperationalStatus,
} from '@supfleet/protocol';

interface Segment {
  from: number;
  to: number;
  status: OperationalStatus;
}

/** The LED of one application over the window, from its `status` entries (oldest first). */
export function statusSegments(
  entries: readonly HistoryEntry[],
  application: string,
  since: number,
  now: number,
  current: OperationalStatus,
): Segment[] {
  const changes = entries
    .filter((e) => e.kind === 'application' && e.application === application && e.data.what === 'status')
    .map((e) => ({
      at: Math.max(e.at, since),
      from: operationalStatusSchema.safeParse(e.data.from).data,
      to: operationalStatusSchema.safeParse(e.data.to).data ?? current,
    }))
    .sort((a, b) => a.at - b.at);
  const segments: Segment[] = [];
  let at = since;
  let status: OperationalStatus = changes[0]?.from ?? changes[0]?.to ?? current;
  for (const change of changes) {
    if (change.at > at) segments.push({ from: at, to: change.at, status });
    at = change.at;
    status = change.to;
  }
  // The status now, however short it has been so far.
  segments.push({ from: at, to: Math.max(at, now), status });
  return segments;
}

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** A bar of the window, coloured by the application's LED. */
export function HistoryStrip({
  application,
  segments,
  since,
  now,
}: {
  application: string;
  segments: Segment[];
  since: number;
  now: number;
}) {
  const span = Math.max(1, now - since);
  return (
    <div
      className="history-strip"
      role="img"
      aria-label={`${application}: operational status over the window`}
      data-application={application}
    >
      {segments.map((segment) => (
        <span
          key={segment.from}
          className={`history-strip__segment history-strip__segment--${segment.status}`}
          data-status={segment.status}
          style={{
            left: `${((segment.from - since) / span) * 100}%`,
            width: `${((segment.to - segment.from) / span) * 100}%`,
          }}
          title={`${time(segment.from)} – ${time(segment.to)}: ${OPERATIONAL_STATUS_LABELS[segment.status]}`}
        />
      ))}
    </div>
  );
}
