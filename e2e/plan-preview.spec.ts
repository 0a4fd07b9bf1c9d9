import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { freePort } from '../scripts/lib/fleet.mjs';
import { launchBrowserFleet, type BrowserFleet } from './support/browser-fleet';

const EXAMPLE = fileURLToPath(new URL('../examples/scenario-1', import.meta.url));
let fleet: BrowserFleet;

/** Scenario 1's demo tree copied to a temporary directory, on free ports (the demo's stay free). */
test.beforeAll(async () => {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), 'supfleet-e2e-plan-'));
  const tree = path.join(runRoot, 'scenario-1');
  await cp(EXAMPLE, tree, { recursive: true });
  const conf = path.join(tree, 'etc', 'supervisord_demo.conf');
  let text = await readFile(conf, 'utf8');
  for (const port of ['61001', '61002', '61003', '61100'])
    text = text.replaceAll(port, String(await freePort()));
  await writeFile(conf, text);
  fleet = await launchBrowserFleet({
    conf,
    runRoot,
    nfsPath: path.join(runRoot, 'nfs'),
    listen: /^listen = (\S+)$/m.exec(text)![1]!,
    autoStart: false,
  });
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
