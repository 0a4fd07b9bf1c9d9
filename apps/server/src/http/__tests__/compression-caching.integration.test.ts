import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules } from '@supfleet/core';
import {
  program,
  startTestFleet,
  testServiceConfig,
  until,
  type TestFleet,
} from '../../__tests__/fleet-fixture';
import { silentLogger } from '../../logging/logger';
import { createService, type Service } from '../../service';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  bytes: number;
}

/** One GET as a browser sends it, the body left encoded. */
function rawGet(url: string, encoding = 'br, gzip'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      })
      .on('error', reject);
  });
}

describe('compression and caching', () => {
  let fleet: TestFleet;
  let service: Service;
  let url = '';
  const dirs: string[] = [];

  beforeAll(async () => {
    const programs: Record<string, Record<string, string | number | boolean>> = {};
    for (let i = 0; i < 30; i += 1) programs[`program:p${i}`] = program();
    programs['group:app'] = {
      programs: Object.keys(programs)
        .map((k) => k.slice(8))
        .join(','),
    };
    fleet = await startTestFleet({ n1: programs }, '<root/>');
    const webDist = mkdtempSync(join(tmpdir(), 'supfleet-web-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'supfleet-data-'));
    dirs.push(webDist, dataDir);
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), `<!doctype html><title>supfleet</title>${' '.repeat(2000)}`);
    writeFileSync(
      join(webDist, 'assets', 'index-Bx3k9a.js'),
      `console.log(${JSON.stringify('x'.repeat(5000))});`,
    );
    writeFileSync(join(webDist, 'favicon.svg'), '<svg/>');
    const config = testServiceConfig(
      [{ id: 'n1', host: '127.0.0.1', port: fleet.nodes.n1!.port, node: 'n1' }],
      {},
      { port: 0, dataDir },
    );
    service = await createService(config, {
      rules: loadRules([{ file: 'r.xml', text: '<root/>' }], ['n1']).rules!,
      logger: silentLogger(),
      webDist,
    });
    url = await service.start();
    await until(service, () => Object.keys(service.store.state.processes).length === 30);
  });
  afterAll(async () => {
    await service?.stop();
    await fleet?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('compresses the REST answers, brotli first, gzip for who asks only that', async () => {
    const plain = await rawGet(`${url}/api/v1/processes`, 'identity');
    const br = await rawGet(`${url}/api/v1/processes`);
    const gzip = await rawGet(`${url}/api/v1/processes`, 'gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.bytes).toBeLessThan(plain.bytes / 5);
  });

  it('caches hashed assets for a year and revalidates index.html and the rest', async () => {
    const asset = await rawGet(`${url}/assets/index-Bx3k9a.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    for (const path of ['/', '/applications/app', '/favicon.svg']) {
      const answer = await rawGet(`${url}${path}`);
      expect([path, answer.status, answer.headers['cache-control']]).toEqual([path, 200, 'no-cache']);
    }
  });
});
