import { expect, test } from '@playwright/test';
import type { BrowserFleet } from './support/browser-fleet';
import { startScenarioFleet } from './support/scenario-fleet';

let fleet: BrowserFleet;

test.beforeAll(async () => {
  fleet = await startScenarioFleet();
});

test.afterAll(async () => {
  await fleet?.stop();
});

test('during a start of scen1 the LED shows "starting", never red, until the application is operational', async ({
  page,
}) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  await expect(page.getByRole('heading', { name: 'scen1' })).toBeVisible();
  const led = page.getByRole('img', { name: /^Operational status:/ });
  await expect(led).toHaveAttribute('data-status', 'off');

  // Every value the LED takes, as the page renders it, from the click to the end.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __ledStates: string[] }).__ledStates = seen;
    const sample = () => {
      const status = document.querySelector('[role="img"][data-status]')?.getAttribute('data-status');
      if (status && seen[seen.length - 1] !== status) seen.push(status);
    };
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status'],
    });
    setInterval(sample, 20);
  });
  await page.getByRole('button', { name: 'Start application', exact: true }).click();
  await expect(led).toHaveAttribute('data-status', 'starting', { timeout: 10_000 });
  await expect(led).toHaveAttribute('aria-label', 'Operational status: Starting');
  await expect(led).toHaveAttribute('data-status', 'operational', { timeout: 60_000 });

  const seen = await page.evaluate(() => (window as unknown as { __ledStates: string[] }).__ledStates);
  expect(seen).not.toContain('not-operational');
  expect(seen).not.toContain('degraded');
  // off before the click, starting through both ranks (never off between them), then green.
  expect(seen).toEqual(['off', 'starting', 'operational']);
});
