/** A CPU share as the table shows it: `12.3%`, `0.0%`, `250%` (several cores). */
export function formatCpu(percent: number): string {
  return `${percent >= 100 ? Math.round(percent) : percent.toFixed(1)}%`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** A memory size in powers of 1024, three significant digits: `512 KB`, `45.2 MB`, `1.50 GB`. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}
