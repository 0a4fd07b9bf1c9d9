import type { CommandContext } from './command';
import { formatTable, type Cell } from './format-table';

/**
 * --json prints what the server sent, untouched; otherwise a table. When every name asked for
 * was refused (`failed` and no row), a lone header would only hide the error below it.
 */
export function printTable(
  context: CommandContext,
  raw: unknown,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  failed = false,
): void {
  if (context.json) {
    printJson(context, raw);
    return;
  }
  if (failed && rows.length === 0) return;
  for (const line of formatTable(headers, rows)) context.out(line);
}

export function printJson(context: CommandContext, value: unknown): void {
  context.out(JSON.stringify(value, null, 2));
}
