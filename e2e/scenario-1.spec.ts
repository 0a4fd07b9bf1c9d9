import { expect, test } from '@playwright/test';
import { SupervisorClient } from '@supfleet/supervisor-client';
import { startDemoFleet } from './support/demo-fleet';

type DemoFleet = Awaited<ReturnType<typeof startDemoFleet>>;

const RANK_2 = [
  'scen1_hci',
  'scen1_config_manager',
  'scen1_data_processing',
  'scen1_external_interface',
  'scen1_data_recorder',
  'scen1_sensor_acquisition_1',
  'scen1_sensor_processing_1',
  'scen1_sensor_acquisition_2',
  'scen1_sensor_processing_2',
];
const WAITS = ['scen1_wait_nfs_mount_1', 'scen1_wait_nfs_mount_2', 'scen1_wait_nfs_mount_3'];

let fleet: DemoFleet;

test.beforeAll(async () => {
  fleet = await startDemoFleet();
});

test.afterAll(async () => {
  await fleet?.stop();
});

function client(id: string): SupervisorClient {
  const instance = fleet.instances.find((i) => i.id === id);
  if (!instance) throw new Error(`no demo instance ${id}`);
  return new SupervisorClient({ url: instance.url });
}

test('Scenario 1: LED, live failure, staged restart on three nodes', async ({ page }) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  await expect(page.getByRole('heading', { name: 'scen1' })).toBeVisible();
  const led = page.getByRole('img', { name: /^Operational status:/ });
  const table = page.getByRole('table', { name: 'Processes' });
  await expect(table.locator('tbody tr')).toHaveCount(RANK_2.length + WAITS.length);

  // Start: the LED turns green once every required process runs.
  await page.getByRole('button', { name: 'Start application', exact: true }).click();
  await expect(led).toHaveAttribute('data-status', 'operational', { timeout: 30_000 });
  await expect(led).toHaveAttribute('aria-label', 'Operational status: Operational');

  // A required process stopped behind supfleet's back turns the LED red, with no reload.
  await page.evaluate(() => {
    (window as unknown as { __noReload: boolean }).__noReload = true;
  });
  await client('rocky51').stopProcess('scen1:scen1_hci', true);
  await expect(led).toHaveAttribute('data-status', 'not-operational', { timeout: 5_000 });
  await expect(led).toHaveAttribute('aria-label', 'Operational status: Not Operational');
  await expect(table.locator('tr[data-namespec="scen1:scen1_hci"]')).toContainText('STOPPED');
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);

  // Restart: every process back, the NFS waits exited first.
  await page.getByRole('button', { name: 'Restart application' }).click();
  await expect(page.getByRole('status', { name: 'Job progress' })).toBeVisible();
  for (const name of RANK_2) {
    await expect(table.locator(`tr[data-namespec="scen1:${name}"]`)).toContainText('RUNNING', {
      timeout: 60_000,
    });
  }
  for (const name of WAITS) {
    await expect(table.locator(`tr[data-namespec="scen1:${name}"]`)).toContainText('EXITED');
  }
  await expect(led).toHaveAttribute('data-status', 'operational', { timeout: 10_000 });

  // supervisord's own clock: every wait program exited before any rank-2 program started.
  const infos = (
    await Promise.all(fleet.instances.map(async (instance) => client(instance.id).getAllProcessInfo()))
  ).flat();
  const waits = infos.filter((p) => WAITS.includes(p.name));
  const rank2 = infos.filter((p) => RANK_2.includes(p.name));
  expect(waits.map((p) => p.statename)).toEqual(['EXITED', 'EXITED', 'EXITED']);
  expect(waits.every((p) => p.exitstatus === 0)).toBe(true);
  expect(rank2).toHaveLength(RANK_2.length);
  expect(Math.min(...rank2.map((p) => p.start))).toBeGreaterThanOrEqual(
    Math.max(...waits.map((p) => p.stop)),
  );

  await page.getByRole('status', { name: 'Job progress' }).waitFor();
});
