import type { PlannedProcess, StartPlan } from '@supfleet/protocol';

export interface RankSummary {
  rank: number;
  /** "3 processes on rocky51, rocky52, rocky53" */
  text: string;
  refused: PlannedProcess[];
}

const REFUSAL_WORDS: Record<string, string> = {
  'not-defined': 'not defined',
  'not-allowed': 'not allowed',
  'over-capacity': 'over capacity',
  disabled: 'disabled',
  'not-running': 'instance not running',
  pinned: 'kept with the rest of its application',
  unknown: 'unknown instance',
};

/** One line per rank of a dry run, as the page shows it beside the buttons. */
export function planSummary(plan: StartPlan): RankSummary[] {
  return plan.ranks.map((rank) => {
    const placed = rank.processes.filter((p) => p.outcome === 'planned');
    const running = rank.processes.filter((p) => p.outcome === 'running');
    const where = [...new Set(placed.map((p) => p.instance!))];
    const parts = [
      placed.length > 0
        ? `${placed.length} process${placed.length === 1 ? '' : 'es'} on ${where.join(', ')}`
        : 'nothing to start',
    ];
    if (running.length > 0) parts.push(`${running.length} already running`);
    return {
      rank: rank.rank,
      text: parts.join(', '),
      refused: rank.processes.filter((p) => p.outcome === 'refused'),
    };
  });
}

/** Why a refused process has no instance: each instance and its reason, in words. */
export function refusalText(process: PlannedProcess): string {
  const byKind = new Map<string, string[]>();
  for (const refusal of process.refusals) {
    const words = REFUSAL_WORDS[refusal.kind] ?? refusal.kind;
    byKind.set(words, [...(byKind.get(words) ?? []), refusal.instance]);
  }
  return [...byKind].map(([words, instances]) => `${words} on ${instances.join(', ')}`).join('; ');
}
