import { describe, expect, it } from 'vitest';
import { ActionResults, reportTo } from '../action-results';

describe('action results', () => {
  it('keeps the last results, newest last, and tells its listeners', () => {
    const results = new ActionResults();
    let calls = 0;
    results.subscribe(() => (calls += 1));
    const first = results.push(true, 'Restart scen1: accepted', 1);
    results.push(false, 'Could not stop x: not running', 2);
    expect(results.snapshot().map((r) => r.text)).toEqual([
      'Restart scen1: accepted',
      'Could not stop x: not running',
    ]);
    results.dismiss(first.id);
    expect(results.snapshot()).toHaveLength(1);
    expect(calls).toBe(3);
  });

  it('words a success and a refusal with its reason', () => {
    const results = new ActionResults();
    const report = reportTo((name: string) => `restart ${name}`, results);
    report.onSuccess(undefined, 'scen1');
    report.onError(new Error('a job is running on scen1'), 'scen1');
    expect(results.snapshot().map((r) => [r.ok, r.text])).toEqual([
      [true, 'Restart scen1: accepted'],
      [false, 'Could not restart scen1: a job is running on scen1'],
    ]);
  });

  it('keeps at most 20', () => {
    const results = new ActionResults();
    for (let i = 0; i < 25; i += 1) results.push(true, `r${i}`);
    expect(results.snapshot()).toHaveLength(20);
    expect(results.snapshot().at(-1)?.text).toBe('r24');
  });
});
