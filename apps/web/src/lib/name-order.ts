import type { Process } from '@supfleet/protocol';
import { naturalCompare } from './natural-compare';

/**
 * A memo of the processes of one application in name order, for a selector called on every
 * change set. Unchanged processes list: the same result, at once. Same processes in the same
 * places, some of them updated (a state change): the previous order is reused, no comparison.
 * Only a process added or removed sorts again. Unchanged output keeps its identity, so the
 * table does not render.
 */
export function createNameOrder(application: string): (all: readonly Process[]) => readonly Process[] {
  let lastAll: readonly Process[] | null = null;
  let keys: string[] = [];
  // Index in the filtered input of each output position.
  let order: number[] = [];
  let output: readonly Process[] = [];
  return (all) => {
    if (all === lastAll) return output;
    lastAll = all;
    const input = all.filter((p) => p.application === application);
    let sameKeys = input.length === keys.length;
    for (let i = 0; sameKeys && i < input.length; i += 1) sameKeys = input[i]!.namespec === keys[i];
    if (!sameKeys) {
      keys = input.map((p) => p.namespec);
      order = input.map((_, i) => i).sort((a, b) => naturalCompare(input[a]!.name, input[b]!.name));
    }
    const next = order.map((i) => input[i]!);
    if (next.length !== output.length || next.some((p, i) => p !== output[i])) output = next;
    return output;
  };
}
