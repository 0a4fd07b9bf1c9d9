import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { program, startTestFleet, until, type TestFleet } from '../../../server/src/__tests__/fleet-fixture';
import { FOLLOW_CHUNK } from '../tail-command';

const BIN = fileURLToPath(new URL('../../bin/supfleetctl.mjs', import.meta.url));
const RULES =
  '<root><application name="app"><programs><program pattern=""><start_sequence>1</start_sequence></program></programs></application></root>';

/** The test creates it once tail -f has printed the start of the log. */
const GO = join(mkdtempSync(join(tmpdir(), 'supfleet-tail-')), 'go');

/** Prints `line N` lines: a few, then (once GO exists) a burst bigger than one read, then slowly. */
const CHATTY = program({
  command:
    `/bin/sh -c "i=0; while [ $i -lt 20 ]; do i=$((i+1)); echo line $i; done; ` +
    `while [ ! -e ${GO} ]; do sleep 0.1; done; ` +
    `while [ $i -lt 6000 ]; do i=$((i+1)); echo line $i padding-padding-padding; done; ` +
    `while true; do i=$((i+1)); echo line $i; sleep 0.1; done"`,
  stdout_logfile_maxbytes: '10MB',
});

describe('supfleetctl tail -f prints each byte once', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    fleet = await startTestFleet(
      { n1: { 'program:chatty': CHATTY, 'group:app': { programs: 'chatty' } } },
      RULES,
    );
    await until(fleet.service, () => fleet.service.store.state.processes['app:chatty'] !== undefined);
    await fleet.nodes.n1!.client.startProcess('app:chatty', true);
    await sleep(500);
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(join(GO, '..'), { recursive: true, force: true });
  });

  it('follows a log that grows by less, then by more, than one read, with no line twice or missing', async () => {
    const child = spawn(process.execPath, [BIN, '-s', fleet.url, 'tail', '-f', '-n', '40', 'app:chatty']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The burst (6000 lines of ~40 bytes: about 230 KB, several reads of FOLLOW_CHUNK) once tail -f runs.
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('line 20\n') && Date.now() < deadline) await sleep(100);
    await sleep(700);
    writeFileSync(GO, '');
    while (!/line 6010\n/.test(stdout) && Date.now() < deadline) await sleep(200);
    child.kill('SIGINT');
    await new Promise((done) => child.once('exit', done));

    if (!/line 6010\n/.test(stdout)) throw new Error(`tail -f stopped: ${stderr || stdout.slice(-300)}`);
    const numbers = stdout
      .split('\n')
      .filter((line) => line.startsWith('line '))
      .map((line) => Number(line.split(' ')[1]));
    expect(numbers.at(-1)).toBeGreaterThanOrEqual(6010);
    const first = numbers[0]!;
    expect(numbers).toEqual(numbers.map((_, index) => first + index));
    expect(stdout.length).toBeGreaterThan(3 * FOLLOW_CHUNK);
    // The first read was the end of the log (-n 40 bytes): a partial first line at most, no whole log.
    expect(first).toBeGreaterThan(15);
  });
});
