import { expect, test } from '@playwright/test';
import { SupervisorClient } from '@supfleet/supervisor-client';
import { DUP_STDERR_LINE, startConflictFleet, type ConflictFleet } from './support/conflict-fleet';

let fleet: ConflictFleet;
/** A supervisord the test paused (SIGSTOP): woken before the fleet stops, whatever happened. */
let paused: number | undefined;

test.beforeAll(async () => {
  fleet = await startConflictFleet();
});

test.afterAll(async () => {
  if (paused !== undefined) process.kill(paused, 'SIGCONT');
  await fleet?.stop();
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status !== testInfo.expectedStatus && fleet) {
    await testInfo.attach('fleet output', { body: fleet.output(), contentType: 'text/plain' });
  }
});

function client(id: string): SupervisorClient {
  const instance = fleet.instances.find((i) => i.id === id);
  if (!instance) throw new Error(`no instance ${id}`);
  return new SupervisorClient({ url: instance.url, name: id });
}

/** The counters of the `dup <n> on <instance>` lines of a log, in order. */
function counters(log: string, instance: string): number[] {
  return [...log.matchAll(new RegExp(`^dup (\\d+) on ${instance}$`, 'gm'))].map((m) => Number(m[1]));
}

test('a conflict is ended from the page, then the kept process’s logs follow live', async ({ page }) => {
  await page.goto(`${fleet.baseURL}/applications/dup`);
  await expect(page.getByRole('heading', { name: 'dup', exact: true })).toBeVisible();
  const row = page.getByRole('table', { name: 'Processes' }).locator('tr[data-namespec="dup:dup"]');
  await expect(row).toHaveAttribute('data-state', 'STOPPED', { timeout: 15_000 });
  const conflicts = page.getByRole('region', { name: 'Conflicts' });
  await expect(conflicts).toHaveCount(0);

  // Started behind supfleet's back on both instances: a conflict, which USER leaves to a person.
  await Promise.all([client('n1').startProcess('dup:dup', true), client('n2').startProcess('dup:dup', true)]);
  await expect(conflicts).toBeVisible({ timeout: 10_000 });
  await expect(conflicts.getByRole('button', { name: /^Keep dup:dup on / })).toHaveText([
    'Keep on n1',
    'Keep on n2',
  ]);
  const sides = conflicts.getByRole('table', { name: 'Conflict of dup:dup' });
  await expect(sides.locator('tr[data-instance="n1"]')).toContainText('RUNNING');
  const n2Side = sides.locator('tr[data-instance="n2"]').getByRole('cell');
  await expect(n2Side.nth(2)).toHaveText(/ \d\d:\d\d:\d\d [AP]M$/);
  await expect(n2Side.nth(3)).toHaveText(/^\d+:\d\d:\d\d$/);
  await expect(row).toContainText('conflict');
  await page.screenshot({ path: test.info().outputPath('conflict.png'), fullPage: true });

  await conflicts.getByRole('button', { name: 'Keep dup:dup on n2', exact: true }).click();
  await expect(conflicts).toHaveCount(0, { timeout: 15_000 });
  await expect(row).toHaveAttribute('data-state', 'RUNNING');
  await expect(row.getByRole('cell').nth(2)).toHaveText('n2');
  // The conflict ends as soon as n1 says STOPPING; STOPPED follows.
  await expect.poll(async () => (await client('n1').getProcessInfo('dup:dup')).statename).toBe('STOPPED');
  expect((await client('n2').getProcessInfo('dup:dup')).statename).toBe('RUNNING');
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Logs: the kept process's stdout, growing every second, each line once.
  await page.getByRole('button', { name: 'Logs dup:dup', exact: true }).click();
  const logs = page.getByRole('region', { name: 'Logs dup:dup', exact: true });
  await expect(logs).toBeVisible();
  const log = logs.getByRole('log');
  await expect(log).toHaveAccessibleName('stdout of dup:dup on n2');
  await expect(log).toContainText(/^dup \d+ on n2$/m);
  const first = Math.max(...counters(await log.innerText(), 'n2'));
  await expect
    .poll(async () => Math.max(...counters(await log.innerText(), 'n2')), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(first + 2);
  const seen = counters(await log.innerText(), 'n2');
  expect(seen).toEqual(seen.map((_, i) => seen[0]! + i));
  expect(await log.innerText()).not.toContain('on n1');
  await page.screenshot({ path: test.info().outputPath('logs.png'), fullPage: true });

  await logs.getByRole('button', { name: 'stderr' }).click();
  await expect(log).toHaveAccessibleName('stderr of dup:dup on n2');
  await expect(log).toContainText(`${DUP_STDERR_LINE} n2`);
  await expect(log).not.toContainText(/^dup \d+ on/m);

  // An instance that does not answer: a message in the panel, the log read so far kept, and the
  // tail picks up where it stopped once the instance answers again.
  await logs.getByRole('button', { name: 'stdout' }).click();
  await expect(log).toContainText(/^dup \d+ on n2$/m);
  const n2 = fleet.instances.find((i) => i.id === 'n2')!;
  paused = n2.pid!;
  process.kill(paused, 'SIGSTOP');
  const message = logs.getByRole('status');
  await expect(message).toContainText(/^Cannot read the log: /, { timeout: 15_000 });
  await expect(log).toContainText(/^dup \d+ on n2$/m);
  await page.screenshot({ path: test.info().outputPath('logs-unavailable.png'), fullPage: true });
  const before = Math.max(...counters(await log.innerText(), 'n2'));
  process.kill(paused, 'SIGCONT');
  paused = undefined;
  await expect(message).toHaveCount(0, { timeout: 15_000 });
  await expect
    .poll(async () => Math.max(...counters(await log.innerText(), 'n2')), { timeout: 10_000 })
    .toBeGreaterThan(before);
  const after = counters(await log.innerText(), 'n2');
  expect(after).toEqual(after.map((_, i) => after[0]! + i));

  await logs.getByRole('button', { name: 'Close' }).click();
  await expect(logs).toHaveCount(0);
});

test('per-instance rows of a process defined on two instances, and Conciliate from there', async ({
  page,
}) => {
  await page.goto(`${fleet.baseURL}/applications/dup`);
  const table = page.getByRole('table', { name: 'Processes' });
  const row = table.locator('tr[data-namespec="dup:dup"]:not([data-instance])');
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Instances of dup:dup' }).click();
  await expect(row.getByRole('button', { name: 'Instances of dup:dup' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  const n1 = table.locator('tr[data-namespec="dup:dup"][data-instance="n1"]');
  const n2 = table.locator('tr[data-namespec="dup:dup"][data-instance="n2"]');
  await expect(n1).toBeVisible();
  await expect(n2).toBeVisible();

  // Both running (whatever the previous test left): a conflict, each instance's row offers to keep it there.
  for (const id of ['n1', 'n2']) {
    const info = await client(id).getProcessInfo('dup:dup');
    if (info.statename !== 'RUNNING') await client(id).startProcess('dup:dup', true);
  }
  await expect(row).toContainText('conflict', { timeout: 10_000 });
  await expect(n1).toHaveAttribute('data-state', 'RUNNING');
  await expect(n2).toHaveAttribute('data-state', 'RUNNING');
  await n1.getByRole('button', { name: 'Conciliate dup:dup: keep on n1' }).click();
  await expect(n2).toHaveAttribute('data-state', 'STOPPED', { timeout: 15_000 });
  await expect(n1).toHaveAttribute('data-state', 'RUNNING');
  await expect(row).not.toContainText('conflict');
  await expect(page.getByRole('contentinfo', { name: 'Last action' }).getByRole('status')).toHaveText(
    /Keep dup:dup on n1 only: accepted$/,
  );
  // Stopped on n2 now: its row offers to start it there.
  await expect(n2.getByRole('button', { name: 'Start dup:dup on n2' })).toBeVisible();
});
