import { afterEach, describe, expect, it } from 'vitest';
import { createFleet, EMPTY_RULES } from '@supfleet/core';
import type { Instance } from '@supfleet/protocol';
import { startSupervisord, type RunningSupervisord } from '@supfleet/supervisor-client/testing';
import { systemClock } from '../../clock/clock';
import { createFakeClock } from '../../clock/fake-clock';
import { FleetModel } from '../../fleet-model';
import { InstanceMonitor } from '../instance-monitor';

/** Resolves once the instance satisfies the predicate (real events: supervisord answers in real time). */
function instanceWhere(store: FleetModel, predicate: (instance: Instance) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const instance = store.state.instances.n1;
      if (!instance || !predicate(instance)) return;
      systemClock.cancel(timer);
      store.off('change', check);
      resolve();
    };
    const timer = systemClock.schedule(() => {
      store.off('change', check);
      reject(new Error(`timed out waiting for the instance: ${JSON.stringify(store.state.instances.n1)}`));
    }, 10_000);
    store.on('change', check);
    check();
  });
}

describe('liveness of a real supervisord on the fake clock', () => {
  let node: RunningSupervisord | undefined;
  let monitor: InstanceMonitor | undefined;
  afterEach(async () => {
    node?.resume();
    await monitor?.stop();
    await node?.stop();
  });

  it('hung: not answering exactly silent_after after the call, lost exactly lost_after after it', async () => {
    node = await startSupervisord({ programs: { 'program:a': { command: '/bin/sleep 1000' } } });
    const clock = createFakeClock();
    const store = new FleetModel(
      createFleet([{ id: 'n1', host: '127.0.0.1', port: node.port, node: 'n1' }], EMPTY_RULES),
    );
    monitor = new InstanceMonitor({ id: 'n1', host: '127.0.0.1', port: node.port, node: 'n1' }, store, {
      pollPeriodMs: 1000,
      fastPollPeriodMs: 200,
      // The calls wait far longer than the test: only the clock judges the silence.
      rpcTimeoutMs: 60_000,
      silentAfterMs: 1500,
      lostAfterMs: 10_000,
      clock,
    });
    monitor.start();
    await instanceWhere(store, (instance) => instance.state === 'RUNNING');

    node.pause();
    // The next poll's tick: its call is sent and never answered.
    await clock.advance(1000 - (clock.now() % 1000));
    const sentAt = clock.now();
    await clock.advance(1499);
    expect(store.state.instances.n1?.state).toBe('RUNNING');
    await clock.advance(1);
    expect(store.state.instances.n1).toMatchObject({ state: 'SILENT', lost: false, silentSince: sentAt });
    await clock.advance(8499);
    expect(store.state.instances.n1?.lost).toBe(false);
    await clock.advance(1);
    expect(store.state.instances.n1).toMatchObject({ state: 'SILENT', lost: true });

    // Its answer comes when it runs again: a full read, RUNNING.
    node.resume();
    await instanceWhere(store, (instance) => instance.state === 'RUNNING' && !instance.lost);
  });
});
