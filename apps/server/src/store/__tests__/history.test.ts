import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store';

const entry = (
  at: number,
  message: string,
  extra: Partial<{ application: string; instance: string }> = {},
) => ({
  at,
  kind: 'instance' as const,
  application: extra.application ?? null,
  instance: extra.instance ?? null,
  process: null,
  actor: null,
  message,
  data: { at },
});

describe('the history part of the store', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'supfleet-history-'));
    store = openStore(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists newest first with filters, and keeps entries across a reopening', () => {
    store.history.append(entry(1000, 'a lost', { instance: 'a' }));
    store.history.append(entry(2000, 'app Degraded', { application: 'app' }));
    store.history.append(entry(3000, 'a back', { instance: 'a' }));
    expect(store.history.list({ limit: 10 }).map((e) => e.message)).toEqual([
      'a back',
      'app Degraded',
      'a lost',
    ]);
    expect(store.history.list({ instance: 'a', limit: 10 }).map((e) => e.message)).toEqual([
      'a back',
      'a lost',
    ]);
    expect(store.history.list({ since: 2000, until: 3000, limit: 10 }).map((e) => e.message)).toEqual([
      'app Degraded',
    ]);
    expect(store.history.list({ limit: 1 })[0]).toMatchObject({ message: 'a back', data: { at: 3000 } });
    store.close();
    store = openStore(dir);
    expect(store.history.list({ limit: 10 })).toHaveLength(3);
  });

  it('prunes what is older than the retention', () => {
    store.history.append(entry(1000, 'old'));
    store.history.append(entry(5000, 'new'));
    expect(store.history.prune(2000)).toBe(1);
    expect(store.history.list({ limit: 10 }).map((e) => e.message)).toEqual(['new']);
  });
});
