/** An instant in local time, sortable and to the second: `2026-12-01 16:28:04`. */
export function formatTimestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const date = `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
  return `${date} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/**
 * The epoch ms of a `datetime-local` input's value (`2026-12-01T16:28`, local time); undefined
 * when empty or not a date, so that the filter is simply not applied.
 */
export function parseLocalDateTime(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
