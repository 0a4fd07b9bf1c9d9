import { expect, test, type Page } from '@playwright/test';
import { startFreePortDemo } from './support/free-port-demo';
import type { BrowserFleet } from './support/browser-fleet';
import { seriousViolations, sidewaysOverflow } from './support/axe';

// Scenario 1 on free ports, with its node agents: the side menu, the instance page, the
// Application page's additions, the phone layout, dark mode, the keyboard and axe-core.
let fleet: BrowserFleet;

test.beforeAll(async () => {
  fleet = await startFreePortDemo({ prefix: 'supfleet-e2e-dashboard-' });
  // scen1 running, as an operator finds it; the keyboard test restarts it.
  for (let tries = 0; (await fetch(`${fleet.baseURL}/readyz`)).status !== 200; tries += 1) {
    if (tries > 100) throw new Error('the server is not ready');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const started = await fetch(`${fleet.baseURL}/api/v1/applications/scen1/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wait: true }),
  });
  if (started.status !== 200) throw new Error(`start of scen1: ${started.status} ${await started.text()}`);
});

test.afterAll(async () => {
  await fleet?.stop();
});

test.afterEach(async () => {
  const info = test.info();
  if (info.status !== info.expectedStatus && fleet) {
    await info.attach('fleet output', { body: fleet.output(), contentType: 'text/plain' });
  }
});

const menu = (page: Page) => page.getByRole('navigation', { name: 'Fleet' });

/** Every page of the fleet, once scen1's processes are known. */
const PAGES = [
  { path: '/', heading: 'Applications' },
  { path: '/applications/scen1', heading: 'scen1' },
  { path: '/applications/scen1?process=scen1%3Ascen1_hci', heading: 'Process scen1:scen1_hci' },
  { path: '/instances/rocky51', heading: 'rocky51' },
  { path: '/history', heading: 'History of the fleet' },
  { path: '/users', heading: 'Users' },
  { path: '/tokens', heading: 'Tokens' },
  { path: '/audit', heading: 'Audit' },
];

async function open(page: Page, path: string, heading: string) {
  await page.goto(fleet.baseURL + path);
  await expect(page.getByRole('heading', { name: heading, exact: true }).first()).toBeVisible({
    timeout: 20_000,
  });
}

test('the side menu leads to every instance and application, live; the agent listener is no application', async ({
  page,
}) => {
  await page.goto(fleet.baseURL);
  const nav = menu(page);
  await expect(nav.getByRole('link', { name: /^rocky51/ })).toContainText('RUNNING', { timeout: 20_000 });
  await expect(nav.getByRole('link', { name: /^rocky53/ })).toContainText('RUNNING');
  await expect(nav.getByRole('link', { name: /scen1/ })).toContainText('RUNNING');
  // The node agent's [eventlistener:supfleet] is shown on its instance, not as an application.
  await expect(nav.getByRole('link', { name: /supfleet/ })).toHaveCount(0);

  await nav.getByRole('link', { name: /^rocky52/ }).click();
  await expect(page).toHaveURL(`${fleet.baseURL}/instances/rocky52`);
  await expect(page.getByRole('heading', { name: 'rocky52', level: 1 })).toBeVisible();
  await nav.getByRole('link', { name: /scen1/ }).click();
  await expect(page.getByRole('heading', { name: 'scen1', level: 1 })).toBeVisible();
  await expect(nav.getByRole('link', { name: /scen1/ })).toHaveAttribute('aria-current', 'page');
});

test('the instance page: supervisord and its agent as rows, the node statistics from the agent', async ({
  page,
}) => {
  await page.goto(`${fleet.baseURL}/instances/rocky51`);
  const table = page.getByRole('table', { name: 'Processes' });
  await expect(table.locator('tr[data-row="supervisord"]')).toContainText('RUNNING', { timeout: 20_000 });
  const agent = table.locator('tr[data-row="agent"]');
  await expect(agent).toContainText('supfleet:supfleet');
  await expect(agent).toContainText('RUNNING');
  // A heartbeat every 5 s with the statistics.
  await expect(agent).toContainText(/last heartbeat \d\d:\d\d:\d\d/, { timeout: 20_000 });
  const stats = page.getByRole('region', { name: 'Node statistics' });
  await expect(stats.getByRole('definition').first()).toHaveText(/^\d+(\.\d)?%$/);
  await expect(stats.locator('canvas').first()).toBeVisible();
  await expect(stats.getByRole('list', { name: 'CPU per core' }).getByRole('listitem')).not.toHaveCount(0);
  await expect(stats.getByRole('table', { name: 'Disk usage' })).toContainText('/');

  // rocky51's processes by application, in a group that folds.
  const group = table.locator('tbody[data-application="scen1"]');
  await expect(group.locator('tr[data-namespec]')).not.toHaveCount(0);
  await group.getByRole('button', { name: 'Group scen1' }).click();
  await expect(group.locator('tr[data-namespec]')).toHaveCount(0);
  await group.getByRole('button', { name: 'Group scen1' }).click();

  // Restart and shut down are behind a confirmation naming what stops (admin: loopback, no user).
  await page.getByRole('button', { name: 'Shut down supervisord' }).click();
  const dialog = page.getByRole('dialog', { name: 'Shut down supervisord on rocky51?' });
  await expect(dialog).toContainText('scen1:scen1_hci');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});

test('the strategy chosen beside the buttons feeds the plan and the start', async ({ page }) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  const plan = page.getByRole('region', { name: 'Start plan' });
  await expect(plan).toContainText('strategy CONFIG');
  await page.getByLabel('Starting strategy').selectOption('LESS_LOADED');
  await expect(plan).toContainText('strategy LESS_LOADED');
  await expect(page).toHaveURL(/strategy=LESS_LOADED/);
  // The link keeps the choice.
  await page.reload();
  await expect(page.getByLabel('Starting strategy')).toHaveValue('LESS_LOADED');
  await expect(plan).toContainText('strategy LESS_LOADED');
  // And the restart itself runs with it.
  await page.getByRole('button', { name: 'Restart application', exact: true }).click();
  await expect(page.getByRole('contentinfo', { name: 'Last action' }).getByRole('status')).toHaveText(
    /Restart scen1 \(LESS_LOADED\): accepted$/,
  );
  const jobs = (await (await fetch(`${fleet.baseURL}/api/v1/jobs?limit=1`)).json()) as { strategy: string }[];
  expect(jobs[0]?.strategy).toBe('LESS_LOADED');
  await expect(page.getByRole('img', { name: /^Operational status:/ })).toHaveAttribute(
    'data-status',
    'operational',
    { timeout: 60_000 },
  );
});

test('keyboard only: restart scen1, the result in the footer', async ({ page }) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  await expect(page.getByRole('region', { name: 'Start plan' })).toContainText('rank 1');
  const restart = page.getByRole('button', { name: 'Restart application', exact: true });
  let reached = false;
  for (let i = 0; i < 80 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await restart.evaluate((element) => element === document.activeElement);
  }
  expect(reached, 'Tab reaches Restart application').toBe(true);
  // The focus is visible.
  const outline = await restart.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  const footer = page.getByRole('contentinfo', { name: 'Last action' });
  await expect(footer.getByRole('status')).toHaveText(/Restart scen1.*: accepted$/);
  await expect(page.getByRole('img', { name: /^Operational status:/ })).toHaveAttribute(
    'data-status',
    'operational',
    { timeout: 60_000 },
  );
});

test('Clear log, and a refusal shown in the footer with its reason', async ({ page }) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  const row = page.getByRole('table', { name: 'Processes' }).locator('tr[data-namespec="scen1:scen1_hci"]');
  await expect(row).toHaveAttribute('data-state', 'RUNNING', { timeout: 60_000 });
  const status = page.getByRole('contentinfo', { name: 'Last action' }).getByRole('status');
  await row.getByRole('button', { name: 'Clear log scen1:scen1_hci' }).click();
  await expect(status).toHaveText(/Clear the logs of scen1:scen1_hci: accepted$/);
  await expect(status).toHaveAttribute('data-result', 'ok');

  // Disabled on the only instance that defines it (and so stopped there): a start is refused, with why.
  const api = (path: string, body: object) =>
    page.evaluate(
      async ([url, json]) =>
        (await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json }))
          .status,
      [`/api/v1/processes/scen1%3Ascen1_hci/${path}`, JSON.stringify(body)],
    );
  expect(await api('disable', { instance: 'rocky51', wait: true })).toBe(200);
  await expect(row).toHaveAttribute('data-state', 'STOPPED');
  await row.getByRole('button', { name: 'Start scen1:scen1_hci', exact: true }).click();
  await expect(status).toHaveAttribute('data-result', 'refused');
  await expect(status).toHaveText(/Could not start scen1:scen1_hci: .*disabled on rocky51/);
  expect(await api('enable', { instance: 'rocky51' })).toBe(200);
  await row.getByRole('button', { name: 'Start scen1:scen1_hci', exact: true }).click();
  await expect(row).toHaveAttribute('data-state', 'RUNNING', { timeout: 20_000 });
});

test('the process view: state on each instance, rules with file:line, statistics over a period', async ({
  page,
}) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  await page.getByRole('link', { name: 'Details scen1:scen1_hci' }).click();
  const view = page.getByRole('region', { name: 'Process scen1:scen1_hci' });
  await expect(view).toBeVisible();
  await expect(page).toHaveURL(/process=scen1%3Ascen1_hci/);
  await expect(view.getByRole('table', { name: 'State of scen1:scen1_hci on each instance' })).toContainText(
    'rocky51',
  );
  await expect(view.getByTestId('rule-origin')).toContainText(/supfleet_rules\.xml:\d+/);
  const stats = view.getByRole('table', { name: 'Statistics of scen1:scen1_hci' });
  await expect(stats.locator('tr[data-metric="CPU"] td')).toHaveCount(5, { timeout: 20_000 });
  await view.getByLabel('Period').selectOption('1');
  await expect(page).toHaveURL(/period=1/);
  await view.getByRole('button', { name: 'Close' }).first().click();
  await expect(view).toHaveCount(0);
});

test('dark mode follows the system, and the switch is remembered', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(fleet.baseURL);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const dark = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).not.toBe(
    dark,
  );
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await context.close();
});

test('at 390 px: the menu folds away, rows keep name, state and one menu, nothing scrolls sideways', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  for (const { path, heading } of PAGES) {
    await open(page, path, heading);
    expect(await sidewaysOverflow(page), `${path} scrolls sideways`).toBe('');
    await expect(page.getByRole('status', { name: 'Connection' })).toBeVisible();
  }
  await open(page, '/applications/scen1', 'scen1');
  await expect(menu(page)).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(menu(page)).toBeVisible();
  await menu(page)
    .getByRole('link', { name: /^rocky53/ })
    .click();
  await expect(page.getByRole('heading', { name: 'rocky53', level: 1 })).toBeVisible();
  await expect(menu(page)).toBeHidden();

  await open(page, '/applications/scen1', 'scen1');
  const row = page.getByRole('table', { name: 'Processes' }).locator('tr[data-namespec="scen1:scen1_hci"]');
  await expect(row.getByRole('combobox', { name: 'Actions scen1:scen1_hci' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Stop scen1:scen1_hci' })).toBeHidden();
  await expect(row.getByRole('cell').filter({ hasText: 'RUNNING' }).first()).toBeVisible();
  await context.close();
});

test('axe-core finds no serious or critical violation on any page, light or dark', async ({ browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    // axe is injected as a script: the page's Content-Security-Policy would refuse it.
    const context = await browser.newContext({ colorScheme, bypassCSP: true });
    const page = await context.newPage();
    for (const { path, heading } of PAGES) {
      await open(page, path, heading);
      expect(await seriousViolations(page), `${colorScheme} ${path}`).toBe('');
    }
    await context.close();
  }
});

test('an admin restarts one supervisord from its page, after a confirmation naming what stops', async ({
  page,
}) => {
  await page.goto(`${fleet.baseURL}/instances/rocky53`);
  const table = page.getByRole('table', { name: 'Processes' });
  await expect(table.locator('tr[data-namespec="scen1:scen1_sensor_acquisition_2"]')).toHaveAttribute(
    'data-state',
    'RUNNING',
    { timeout: 60_000 },
  );
  const agentPid = async () => /pid (\d+)/.exec(await table.locator('tr[data-row="agent"]').innerText())?.[1];
  const pidBefore = await agentPid();
  expect(pidBefore).toBeDefined();
  await page.getByRole('button', { name: 'Restart supervisord' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restart supervisord on rocky53?' });
  await expect(dialog.getByRole('listitem')).toContainText([
    'scen1:scen1_sensor_acquisition_2',
    'scen1:scen1_sensor_processing_2',
  ]);
  await dialog.getByRole('button', { name: 'Restart supervisord on rocky53' }).click();
  await expect(page.getByRole('contentinfo', { name: 'Last action' }).getByRole('status')).toHaveText(
    /Restart supervisord on rocky53: accepted$/,
  );
  // It goes and comes back: a new agent listener, supervisord answering again.
  await expect.poll(agentPid, { timeout: 30_000 }).not.toBe(pidBefore);
  await expect.poll(agentPid, { timeout: 30_000 }).toBeDefined();
  await expect(menu(page).getByRole('link', { name: /^rocky53/ })).toContainText('RUNNING', {
    timeout: 30_000,
  });
  await expect(table.locator('tr[data-row="supervisord"]')).toContainText('RUNNING');
});

test('the header says which replica serves the page, and that it leads (✪)', async ({ page }) => {
  const service = (await (await fetch(`${fleet.baseURL}/api/v1/service`)).json()) as {
    replica: string;
    leader: boolean;
  };
  expect(service.leader).toBe(true);
  await page.goto(fleet.baseURL);
  await expect(page.getByRole('banner').getByText(`✪ ${service.replica}`)).toBeVisible();
});
