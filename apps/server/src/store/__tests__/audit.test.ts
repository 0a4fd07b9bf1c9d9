import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../audit/audit-trail';
import { openStore, type Store } from '../store';

describe('the audit log in the store', () => {
  let dir = '';
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps entries across a reopen, masks secrets, filters, completes a job, and drops what is past retention', () => {
    dir = mkdtempSync(join(tmpdir(), 'supfleet-audit-'));
    let now = Date.UTC(2026, 0, 1);
    store = openStore(dir);
    const trail = new AuditTrail(store.audit, { now: () => now });
    const entry = (actor: string, action: string, jobId: string | null = null) =>
      trail.record({
        actor,
        role: 'operator',
        address: '127.0.0.1',
        interface: 'rest',
        action,
        target: 'scen1',
        result: jobId ? 'accepted' : 'succeeded',
        jobId,
        params: { password: 'hunter2', wait: true },
      });
    entry('old', 'application.stop');
    now += 100 * 86_400_000;
    entry('alice', 'application.restart', 'job-1');
    entry('bob', 'application.stop');
    store.audit.finishJob('job-1', 'failed', 'scen1_hci did not start');
    store.close();

    store = openStore(dir);
    const reopened = new AuditTrail(store.audit, { now: () => now });
    const all = reopened.query({ limit: 10 });
    expect(all.map((e) => e.actor)).toEqual(['bob', 'alice', 'old']);
    expect(all[1]).toMatchObject({ result: 'failed', reason: 'scen1_hci did not start', jobId: 'job-1' });
    expect(all[0]!.params).toEqual({ password: '***', wait: true });
    expect(reopened.query({ actor: 'alice', limit: 10 }).map((e) => e.action)).toEqual([
      'application.restart',
    ]);
    expect(reopened.query({ since: now - 1000, until: now, limit: 10 })).toHaveLength(2);
    expect(reopened.purge(90)).toBe(1);
    expect(reopened.query({ limit: 10 }).map((e) => e.actor)).toEqual(['bob', 'alice']);
  });
});
