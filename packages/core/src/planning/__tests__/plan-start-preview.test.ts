import { describe, expect, it } from 'vitest';
import type { StartPlan } from '@supfleet/protocol';
import { buildFleet, reduceAll } from '../../fleet/__tests__/fleet-builders';
import { chooseInstance } from '../choose-instance';
import { planStartPreview } from '../plan-start-preview';

/** Scenario 1 in small: a wait on each node (rank 1), then programs pinned by definition (rank 2). */
const SCEN = buildFleet({
  instances: ['n1', 'n2', 'n3'],
  processes: {
    'app:wait_1': { n1: 'STOPPED' },
    'app:wait_2': { n2: 'STOPPED' },
    'app:p1': { n1: 'STOPPED' },
    'app:p2': { n2: 'STOPPED' },
    'app:anywhere': { n1: 'STOPPED', n2: 'STOPPED', n3: 'STOPPED' },
    'app:fenced': { n1: 'STOPPED', n2: 'STOPPED', n3: 'STOPPED' },
    'app:heavy': { n1: 'STOPPED', n3: 'STOPPED' },
    'app:manual': { n1: 'STOPPED' },
    'other:o': { n3: 'RUNNING' },
  },
  rules: {
    applications: { app: { startSequence: 1 } },
    programs: {
      'app:wait_1': { startSequence: 1, waitExit: true },
      'app:wait_2': { startSequence: 1, waitExit: true },
      'app:p1': { startSequence: 2, expectedLoading: 30 },
      'app:p2': { startSequence: 2 },
      'app:anywhere': { startSequence: 2 },
      'app:fenced': { startSequence: 2, identifiers: ['n3'] },
      'app:heavy': { startSequence: 3, expectedLoading: 80 },
      'app:manual': { startSequence: 0 },
    },
  },
});

const byNamespec = (plan: StartPlan) =>
  Object.fromEntries(plan.ranks.flatMap((rank) => rank.processes.map((p) => [p.namespec, p])));

describe('planStartPreview (dry run of a start)', () => {
  const plan = planStartPreview(SCEN, { type: 'application', name: 'app' }, 'CONFIG');
  const planned = byNamespec(plan);

  it('gives the ranks of the start sequence, processes of start_sequence 0 left out', () => {
    expect(plan.ranks.map((r) => [r.rank, r.processes.map((p) => p.name)])).toEqual([
      [1, ['wait_1', 'wait_2']],
      [2, ['anywhere', 'fenced', 'p1', 'p2']],
      [3, ['heavy']],
    ]);
    expect(planned['app:manual']).toBeUndefined();
  });

  it.each([
    { namespec: 'app:wait_1', instance: 'n1', reason: /only instance/ },
    { namespec: 'app:p2', instance: 'n2', reason: /only instance/ },
    { namespec: 'app:anywhere', instance: 'n1', reason: /^CONFIG: first of n1, n2, n3/ },
    { namespec: 'app:fenced', instance: 'n3', reason: /only instance/ },
  ])('$namespec goes to $instance, and says why', ({ namespec, instance, reason }) => {
    expect(planned[namespec]).toMatchObject({ outcome: 'planned', instance });
    expect(planned[namespec]!.reason).toMatch(reason);
  });

  it.each([
    { namespec: 'app:wait_1', instance: 'n2', kind: 'not-defined' },
    { namespec: 'app:fenced', instance: 'n1', kind: 'not-allowed' },
    // p1 (30%) was placed on n1 at rank 2 and still runs at rank 3: 30 + 80 > 100.
    { namespec: 'app:heavy', instance: 'n1', kind: 'over-capacity' },
  ])('refuses $instance for $namespec: $kind', ({ namespec, instance, kind }) => {
    expect(planned[namespec]!.refusals).toContainEqual(expect.objectContaining({ instance, kind }));
  });

  it('counts the load of earlier ranks, and places heavy where it fits', () => {
    expect(planned['app:heavy']).toMatchObject({ outcome: 'planned', instance: 'n3', candidates: ['n3'] });
    expect(plan.feasible).toBe(true);
  });

  it('refuses a program disabled on its only instance, and the start refuses it too', () => {
    const disabled = reduceAll(SCEN, [{ type: 'programs:disabled', disabled: { 'app:p2': ['n2'] } }]).state;
    expect(disabled.processes['app:p2']!.disabledOn).toEqual(['n2']);
    const p2 = byNamespec(planStartPreview(disabled, { type: 'application', name: 'app' }, 'CONFIG'))[
      'app:p2'
    ]!;
    expect(p2).toMatchObject({ outcome: 'refused', instance: null });
    expect(p2.refusals).toEqual([
      { instance: 'n1', kind: 'not-defined', reason: 'app:p2 is not defined on n1' },
      { instance: 'n2', kind: 'disabled', reason: 'app:p2 is disabled on n2' },
      { instance: 'n3', kind: 'not-defined', reason: 'app:p2 is not defined on n3' },
    ]);
    expect(chooseInstance(disabled, 'app:p2', 'CONFIG')).toMatchObject({ ok: false });
    const enabled = reduceAll(disabled, [{ type: 'programs:disabled', disabled: {} }]).state;
    expect(enabled.processes['app:p2']!.disabledOn).toBeUndefined();
    expect(chooseInstance(enabled, 'app:p2', 'CONFIG')).toEqual({ ok: true, instance: 'n2' });
  });

  it('a disabled instance is skipped for the next candidate', () => {
    const disabled = reduceAll(SCEN, [
      { type: 'programs:disabled', disabled: { 'app:anywhere': ['n1'] } },
    ]).state;
    const anywhere = byNamespec(planStartPreview(disabled, { type: 'application', name: 'app' }, 'CONFIG'))[
      'app:anywhere'
    ]!;
    expect(anywhere).toMatchObject({ outcome: 'planned', instance: 'n2', candidates: ['n2', 'n3'] });
  });

  it('an instance that does not answer is refused as not running', () => {
    const silent = reduceAll(SCEN, [
      { type: 'instance:silent', instance: 'n2', at: 1, error: 'refused' },
    ]).state;
    const result = planStartPreview(silent, { type: 'application', name: 'app' }, 'CONFIG');
    expect(byNamespec(result)['app:wait_2']).toMatchObject({ outcome: 'refused' });
    expect(byNamespec(result)['app:wait_2']!.refusals[1]).toMatchObject({
      instance: 'n2',
      kind: 'not-running',
    });
    expect(result.feasible).toBe(false);
  });

  it('a running process is left where it runs; a restart plans it as if stopped', () => {
    const running = buildFleet({
      instances: ['n1', 'n2'],
      processes: { 'app:x': { n1: 'STOPPED', n2: 'RUNNING' } },
      rules: { applications: { app: { startSequence: 1 } }, programs: { 'app:x': { startSequence: 1 } } },
    });
    const start = planStartPreview(running, { type: 'application', name: 'app' }, 'CONFIG');
    expect(byNamespec(start)['app:x']).toMatchObject({ outcome: 'running', instance: 'n2' });
    const restart = planStartPreview(running, { type: 'application', name: 'app' }, 'CONFIG', {
      action: 'restart',
    });
    expect(byNamespec(restart)['app:x']).toMatchObject({ outcome: 'planned', instance: 'n1' });
  });

  it('a process target plans one stage of the processes named (group:* for all)', () => {
    const one = planStartPreview(SCEN, { type: 'process', name: 'app:p1' }, 'LESS_LOADED');
    expect(one.ranks).toHaveLength(1);
    expect(one.ranks[0]!.processes.map((p) => [p.namespec, p.instance])).toEqual([['app:p1', 'n1']]);
    const all = planStartPreview(SCEN, { type: 'process', name: 'app:*' }, 'CONFIG');
    expect(all.ranks[0]!.processes.map((p) => p.name)).toContain('manual');
  });
});
