import type { CommandContext } from './command';
import { formatTable, type Cell } from './format-table';

/** --json prints what the server sent, untouched; otherwise a table. */
export function printTable(
  context: CommandContext,
  raw: unknown,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): void {
  if (context.json) {
    printJson(context, raw);
    return;
  }
  for (const line of formatTable(headers, rows)) context.out(line);
}

export function printJson(context: CommandContext, value: unknown): void {
  context.out(JSON.stringify(value, null, 2));
}
