import { expect, test } from '@playwright/test';
import { SupervisorClient } from '@supfleet/supervisor-client';
import { startDemoFleet } from './support/demo-fleet';

type DemoFleet = Awaited<ReturnType<typeof startDemoFleet>>;

let fleet: DemoFleet;
/** Programs of the killed supervisord, orphaned by its death: killed at the end. */
const orphans: number[] = [];

test.beforeAll(async () => {
  fleet = await startDemoFleet();
});

test.afterAll(async () => {
  for (const pid of orphans) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await fleet?.stop();
});

test('a dead node is shown as dead, live, on the dashboard and the application page', async ({ page }) => {
  const rocky53 = fleet.instances.find((i) => i.id === 'rocky53')!;
  await page.goto(fleet.baseURL);
  // Its card on the dashboard.
  const row = page.getByRole('main').locator('article[data-instance="rocky53"]');
  await expect(row).toHaveAttribute('data-state', 'RUNNING');

  await page.getByRole('table').getByRole('link', { name: 'scen1', exact: true }).click();
  await page.getByRole('button', { name: 'Start application', exact: true }).click();
  const led = page.getByRole('img', { name: /^Operational status:/ });
  await expect(led).toHaveAttribute('data-status', 'operational', { timeout: 30_000 });

  const running = await new SupervisorClient({ url: rocky53.url }).getAllProcessInfo();
  orphans.push(...running.filter((p) => p.pid > 0).map((p) => p.pid));
  process.kill(rocky53.pid!, 'SIGKILL');

  // Its processes turn FATAL, the required ones turn the LED red: no stale RUNNING.
  const table = page.getByRole('table', { name: 'Processes' });
  const acquisition = table.locator('tr[data-namespec="scen1:scen1_sensor_acquisition_2"]');
  await expect(acquisition).toHaveAttribute('data-state', 'FATAL', { timeout: 5_000 });
  await expect(acquisition).toContainText('rocky53 lost');
  await expect(led).toHaveAttribute('data-status', 'not-operational');

  await page.getByRole('link', { name: 'supfleet' }).first().click();
  await expect(row).toHaveAttribute('data-state', 'SILENT');
  // Lost at once, with why: refused, or (killed in the middle of a call) the connection closed.
  await expect(row).toContainText(/lost/i);
  await expect(row).toContainText(/refused|connection closed/i);
});
