/**
 * An uptime the way supervisord writes it (Python's `str(timedelta)`):
 * `0:02:45`, `12:00:00`, `1 day, 2:03:04`, `3 days, 0:00:09`.
 */
export function formatUptime(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const clock = `${hours}:${pad2(minutes)}:${pad2(seconds % 60)}`;
  if (days === 0) return clock;
  return `${days} ${days === 1 ? 'day' : 'days'}, ${clock}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A stop time the way supervisord writes it (`%b %d %I:%M %p`, local time): `Nov 25 07:12 PM`. */
export function formatStopTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const hours12 = date.getHours() % 12 === 0 ? 12 : date.getHours() % 12;
  const meridiem = date.getHours() < 12 ? 'AM' : 'PM';
  return `${MONTHS[date.getMonth()]} ${pad2(date.getDate())} ${pad2(hours12)}:${pad2(date.getMinutes())} ${meridiem}`;
}

/**
 * A start time, supervisord's way with the seconds added: two starts in the same minute (a
 * conflict) must read differently. `Nov 25 07:12:05 PM`.
 */
export function formatStartTime(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return formatStopTime(epochSeconds).replace(/ (AM|PM)$/, `:${pad2(date.getSeconds())} $1`);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
