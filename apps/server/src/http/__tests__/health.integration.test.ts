import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { program, startTestFleet, type TestFleet } from '../../__tests__/fleet-fixture';
import { healthRouter } from '../health-router';
import type { InstanceMonitor } from '../../monitors/instance-monitor';
import { eventually } from '../../__tests__/eventually';

const RULES = `<root><application name="app"><programs><program pattern=""/></programs></application></root>`;

describe('/healthz and /readyz', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet(
      { n1: { 'program:a': program(), 'group:app': { programs: 'a' } }, n2: { 'program:b': program() } },
      RULES,
      { api: { username: 'ops', password: 'pw-never-shown' }, paused: ['n2'] },
    );
  });
  afterAll(async () => {
    fleet.nodes.n2?.resume();
    await fleet?.stop();
  });

  it('answer without credentials while the API asks for them, and say nothing but counts', async () => {
    expect((await fetch(`${fleet.url}/api/v1/instances`)).status).toBe(401);
    const health = await fetch(`${fleet.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // n2 answers nothing: it is SILENT after its first poll times out, and then polled.
    let body = '';
    await eventually(async () => {
      const ready = await fetch(`${fleet.url}/readyz`);
      body = await ready.text();
      return ready.status === 200;
    }, 'ready');
    expect(JSON.parse(body)).toEqual({
      status: 'ready',
      checks: { config: true, rules: true, instancesPolled: 2, instances: 2 },
    });
    for (const secret of ['n1', 'n2', '127.0.0.1', 'ops', 'pw-never-shown'])
      expect(body).not.toContain(secret);
  });
});

describe('/readyz before every instance is polled', () => {
  it('answers 503 "starting", then 200', async () => {
    const monitors = new Map([
      ['a', { polled: true }],
      ['b', { polled: false }],
    ]) as unknown as Map<string, InstanceMonitor & { polled: boolean }>;
    const server = express().use(healthRouter(monitors)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
    try {
      const first = await fetch(url);
      expect(first.status).toBe(503);
      expect(await first.json()).toMatchObject({
        status: 'starting',
        checks: { instancesPolled: 1, instances: 2 },
      });
      (monitors.get('b') as unknown as { polled: boolean }).polled = true;
      expect((await fetch(url)).status).toBe(200);
    } finally {
      server.close();
    }
  });
});
