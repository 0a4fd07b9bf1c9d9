import { describe, expect, it } from 'vitest';
import type { PlannedProcess, StartPlan } from '@supfleet/protocol';
import { planSummary, refusalText } from '../plan-summary';

const p = (
  name: string,
  outcome: PlannedProcess['outcome'],
  instance: string | null,
  refusals: PlannedProcess['refusals'] = [],
): PlannedProcess => ({
  namespec: `scen1:${name}`,
  application: 'scen1',
  name,
  outcome,
  instance,
  reason: '',
  waitExit: false,
  required: true,
  candidates: instance ? [instance] : [],
  refusals,
});

const PLAN: StartPlan = {
  target: { type: 'application', name: 'scen1' },
  action: 'start',
  strategy: 'CONFIG',
  feasible: false,
  ranks: [
    {
      rank: 1,
      application: 'scen1',
      processes: [
        p('w1', 'planned', 'rocky51'),
        p('w2', 'planned', 'rocky52'),
        p('w3', 'planned', 'rocky53'),
      ],
    },
    {
      rank: 2,
      application: 'scen1',
      processes: [
        p('hci', 'planned', 'rocky51'),
        p('rec', 'running', 'rocky51'),
        p('acq', 'refused', null, [
          { instance: 'rocky51', kind: 'not-defined', reason: '' },
          { instance: 'rocky52', kind: 'disabled', reason: '' },
          { instance: 'rocky53', kind: 'not-defined', reason: '' },
        ]),
      ],
    },
  ],
};

describe('planSummary: the plan beside the buttons', () => {
  it.each([
    { rank: 1, text: '3 processes on rocky51, rocky52, rocky53', refused: [] },
    { rank: 2, text: '1 process on rocky51, 1 already running', refused: ['acq'] },
  ])('rank $rank: $text', ({ rank, text, refused }) => {
    const line = planSummary(PLAN).find((r) => r.rank === rank)!;
    expect(line.text).toBe(text);
    expect(line.refused.map((r) => r.name)).toEqual(refused);
  });

  it('says why a process cannot start, instance by instance', () => {
    expect(refusalText(PLAN.ranks[1]!.processes[2]!)).toBe(
      'not defined on rocky51, rocky53; disabled on rocky52',
    );
  });
});
