import { expect, test } from '@playwright/test';
import type { BrowserFleet } from './support/browser-fleet';
import { startFreePortDemo } from './support/free-port-demo';

let fleet: BrowserFleet;

/** Scenario 1's demo tree copied to a temporary directory, on free ports (the demo's stay free). */
test.beforeAll(async () => {
  fleet = await startFreePortDemo({ prefix: 'supfleet-e2e-plan-' });
});

test.afterAll(async () => {
  await fleet?.stop();
});

test('the plan of a start is shown beside the buttons, with the reason of a refusal', async ({ page }) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  const plan = page.getByRole('region', { name: 'Start plan' });
  await expect(plan).toContainText('If started');
  await expect(plan).toContainText('rank 1: 3 processes on rocky51, rocky52, rocky53');
  await expect(plan).toContainText('rank 2: 9 processes on rocky51, rocky52, rocky53');

  const disabled = await fetch(`${fleet.baseURL}/api/v1/processes/scen1:scen1_hci/disable`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instance: 'rocky51' }),
  });
  expect(disabled.status).toBe(200);
  const row = page.getByRole('table', { name: 'Processes' }).locator('tr[data-namespec="scen1:scen1_hci"]');
  await expect(row).toContainText('disabled on rocky51');
  await expect(plan).toContainText('rank 2: 8 processes on rocky51, rocky52, rocky53');
  await expect(plan.getByRole('note')).toHaveText(
    'scen1_hci cannot start: disabled on rocky51; not defined on rocky52, rocky53',
  );
});
