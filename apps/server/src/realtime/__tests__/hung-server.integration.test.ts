import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSupervisord, type RunningSupervisord } from '@supfleet/supervisor-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, program } from '../../__tests__/fleet-fixture';
import {
  startServiceProcess,
  stopServiceProcess,
  writeServiceConfig,
  type ServiceProcess,
} from '../../__tests__/service-process';

describe('a page connected to a server that hangs', () => {
  let dir: string;
  let node: RunningSupervisord;
  let service: ServiceProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supfleet-hung-'));
    node = await startSupervisord({ programs: { 'program:a': program(), 'group:app': { programs: 'a' } } });
    writeFileSync(
      join(dir, 'rules.xml'),
      '<root><application name="app"><programs><program name="a"><start_sequence>1</start_sequence></program></programs></application></root>',
    );
    service = await startServiceProcess(
      writeServiceConfig(dir, { supvisors_list: `<n1>127.0.0.1:${node.port}`, rules_files: 'rules.xml' }),
    );
  });
  afterAll(async () => {
    service?.child.kill('SIGCONT');
    if (service) await stopServiceProcess(service, 3000);
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is told it is no more live within 10 s (socket.io alone: 45 s), and is live again once it answers', async () => {
    const socket = connect(service.url);
    try {
      await new Promise((resolve) => socket.once('snapshot', resolve));
      const disconnected = new Promise<{ at: number; reason: string }>((resolve) =>
        socket.once('disconnect', (reason) => resolve({ at: Date.now(), reason })),
      );
      const stoppedAt = Date.now();
      service.child.kill('SIGSTOP');
      const { at, reason } = await disconnected;
      console.log(`a hung server seen by its client ${at - stoppedAt} ms after SIGSTOP (${reason})`);
      expect(reason).toBe('ping timeout');
      expect(at - stoppedAt).toBeLessThanOrEqual(12_000);
      service.child.kill('SIGCONT');
      // socket.io's client reconnects by itself and gets a new snapshot.
      await new Promise((resolve) => socket.once('snapshot', resolve));
    } finally {
      socket.close();
    }
  }, 30_000);
});
