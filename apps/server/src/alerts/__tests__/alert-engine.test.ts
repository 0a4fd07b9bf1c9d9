import { describe, expect, it } from 'vitest';
import { createFleet, EMPTY_RULES } from '@supfleet/core';
import type { AlertConfig } from '../../config/parse-alerts';
import { createFakeClock } from '../../clock/fake-clock';
import { FleetModel } from '../../fleet-model';
import { silentLogger } from '../../logging/logger';
import { AlertEngine } from '../alert-engine';
import type { AlertMessage } from '../alert-message';

const DEBOUNCE = 30_000;
const ALERT: AlertConfig = {
  name: 'ops',
  channel: 'webhook',
  url: 'http://receiver.invalid/hook',
  to: [],
  secret: null,
  events: ['instance'],
  applications: null,
  debounceMs: DEBOUNCE,
};

/** An engine over a one-instance fleet, on a fake clock; `failures` tries of the receiver fail first. */
function setup(failures = 0) {
  const clock = createFakeClock();
  const store = new FleetModel(
    createFleet([{ id: 'n1', host: '127.0.0.1', port: 9001, node: 'n1' }], EMPTY_RULES),
  );
  const tries: AlertMessage[] = [];
  const sent: string[] = [];
  const engine = new AlertEngine(store, [ALERT], null, {
    logger: silentLogger(),
    clock,
    channelFor: () => (message) => {
      tries.push(message);
      if (tries.length <= failures) return Promise.reject(new Error('receiver down'));
      sent.push(`${message.state} ${message.summary}`);
      return Promise.resolve();
    },
  });
  // Known and RUNNING first: a loss is a change from there.
  store.dispatch({
    type: 'instance:synced',
    instance: 'n1',
    at: clock.now(),
    identification: 'n1',
    configs: [],
    processes: [],
  });
  const lost = () =>
    store.dispatch({ type: 'instance:silent', instance: 'n1', at: clock.now(), error: 'connection refused' });
  const back = () => store.dispatch({ type: 'instance:checking', instance: 'n1', at: clock.now() });
  const removed = () => store.dispatch({ type: 'instance:removed', instance: 'n1' });
  return { clock, engine, tries, sent, lost, back, removed };
}

describe('AlertEngine on the clock', () => {
  it('a loss shorter than the debounce alerts nothing, however long one waits after', async () => {
    const { clock, engine, sent, lost, back } = setup();
    lost();
    await clock.advance(DEBOUNCE - 1);
    back();
    await clock.advance(10 * DEBOUNCE);
    expect(sent).toEqual([]);
    expect(clock.pending()).toBe(0);
    engine.dispose();
  });

  it('a loss alerts exactly when it outlasts the debounce, and resolves at once when it ends', async () => {
    const { clock, engine, sent, lost, back } = setup();
    lost();
    await clock.advance(DEBOUNCE - 1);
    expect(sent).toEqual([]);
    await clock.advance(1);
    expect(sent).toEqual(['firing n1 lost']);
    back();
    await clock.advance(0);
    expect(sent).toEqual(['firing n1 lost', 'resolved n1 back']);
    engine.dispose();
  });

  it('a lost instance removed from the fleet resolves its alert, and one not yet told is never told', async () => {
    const told = setup();
    told.lost();
    await told.clock.advance(DEBOUNCE);
    told.removed();
    await told.clock.advance(0);
    expect(told.sent).toEqual(['firing n1 lost', 'resolved n1 removed from the fleet']);
    told.engine.dispose();

    const untold = setup();
    untold.lost();
    await untold.clock.advance(DEBOUNCE - 1);
    untold.removed();
    await untold.clock.advance(10 * DEBOUNCE);
    expect(untold.sent).toEqual([]);
    expect(untold.clock.pending()).toBe(0);
    untold.engine.dispose();
  });

  it('a receiver that fails is tried again 1 s, then 2 s later', async () => {
    const { clock, engine, tries, sent, lost } = setup(2);
    lost();
    await clock.advance(DEBOUNCE);
    expect(tries).toHaveLength(1);
    await clock.advance(999);
    expect(tries).toHaveLength(1);
    await clock.advance(1);
    expect(tries).toHaveLength(2);
    await clock.advance(1999);
    expect(tries).toHaveLength(2);
    await clock.advance(1);
    expect(tries).toHaveLength(3);
    expect(sent).toEqual(['firing n1 lost']);
    engine.dispose();
  });

  it('dispose leaves no timer behind', async () => {
    const { clock, engine, lost } = setup(6);
    lost();
    await clock.advance(DEBOUNCE);
    expect(clock.pending()).toBe(1);
    engine.dispose();
    expect(clock.pending()).toBe(0);
  });
});
