import { expect, test } from '@playwright/test';
import { SupervisorClient } from '@supfleet/supervisor-client';
import { startConflictFleet, type ConflictFleet } from './support/conflict-fleet';

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

test('the History page shows what happens, live: a process started, an instance lost and back', async ({
  page,
}) => {
  await page.goto(fleet.baseURL);
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'History of the fleet' })).toBeVisible();
  const entries = page.getByRole('list', { name: 'History entries' });
  // The first contact with each supervisord is in the history already.
  await expect(entries).toContainText('n1 RUNNING');

  const n1 = fleet.instances.find((i) => i.id === 'n1')!;
  await new SupervisorClient({ url: n1.url, name: 'n1' }).startProcess('dup:dup', true);
  await expect(entries.locator('[data-kind="process"]').first()).toContainText('dup:dup RUNNING on n1', {
    timeout: 15_000,
  });
  await expect(page.locator('.history-strip[data-application="dup"] [data-status]').last()).toHaveAttribute(
    'data-status',
    'operational',
  );

  const n2 = fleet.instances.find((i) => i.id === 'n2')!;
  paused = n2.pid;
  process.kill(n2.pid!, 'SIGSTOP');
  await expect(entries.locator('[data-kind="instance"]').first()).toContainText('n2 lost', {
    timeout: 20_000,
  });
  process.kill(n2.pid!, 'SIGCONT');
  paused = undefined;
  await expect(entries.locator('[data-kind="instance"]').first()).toContainText('n2 back', {
    timeout: 20_000,
  });

  // Per application: only dup's entries.
  await page.getByLabel('Application').selectOption('dup');
  await expect(page.getByRole('heading', { name: 'History of dup' })).toBeVisible();
  await expect(entries).not.toContainText('n2 lost');
  await expect(entries).toContainText('dup:dup RUNNING on n1');
  await page.screenshot({ path: 'test-results/history-page.png', fullPage: true });
});
