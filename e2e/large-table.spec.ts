import { expect, test, type Page } from '@playwright/test';
import { SupervisorClient } from '@supfleet/supervisor-client';
import type { BrowserFleet } from './support/browser-fleet';
import { bigNamespec, startLargeFleet } from './support/large-fleet';

// 4 supervisord × 125 processes: the virtual table's scroll, filters, sorting and live rows;
// n1 runs the node agent, for the CPU and memory columns and the charts.
let fleet: BrowserFleet;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  fleet = await startLargeFleet({ instances: 4, perInstance: 125, autostart: false, agents: ['n1'] });
});

test.afterAll(async () => {
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

async function serverState(namespec: string): Promise<string | undefined> {
  const response = await fetch(`${fleet.baseURL}/api/v1/processes/${encodeURIComponent(namespec)}`);
  return response.ok ? ((await response.json()) as { state: string }).state : undefined;
}

const scrollTable = (page: Page, to: 'top' | 'bottom') =>
  page.locator('.table-scroll').evaluate((element, where) => {
    // The table's own scroll box, whole in the window (what stands above it varies), then its end.
    element.scrollIntoView({ block: 'end' });
    element.scrollTop = where === 'top' ? 0 : element.scrollHeight;
  }, to);

test('500 processes: a virtual table that scrolls to the last, filters, sorts and stays live off screen', async ({
  page,
}) => {
  await page.goto(`${fleet.baseURL}/applications/big`);
  const table = page.getByRole('table', { name: 'Processes' });
  const rows = table.locator('tbody tr[data-namespec]');
  await expect(page.getByText('500 processes', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(table).toHaveAttribute('aria-rowcount', '501');
  await expect(rows.first()).toHaveAttribute('data-namespec', bigNamespec('n1', 0));
  // Only the rows in view (and a few around) are in the page.
  expect(await rows.count()).toBeLessThan(60);
  // n1's agent reports (a stopped process has no figures); n2 … n4 have none.
  await expect(rows.first()).not.toContainText('no agent', { timeout: 20_000 });
  await expect(rows.first().getByRole('cell').nth(5)).toHaveText('—');

  // A change to a row off screen, applied while it is not rendered.
  const last = bigNamespec('n4', 124);
  const lastRow = table.locator(`tr[data-namespec="${last}"]`);
  await expect(lastRow).toHaveCount(0);
  await client('n4').startProcess(last, true);
  await expect.poll(() => serverState(last), { timeout: 15_000 }).toBe('RUNNING');
  await expect(lastRow).toHaveCount(0);

  // Scrolled to the end: the last of the 500, in view, RUNNING, its uptime ticking.
  await scrollTable(page, 'bottom');
  await expect(lastRow).toBeInViewport();
  await expect(lastRow).toHaveAttribute('data-state', 'RUNNING');
  await expect(lastRow).toHaveAttribute('aria-rowindex', '501');
  await expect(rows.first()).not.toHaveAttribute('data-namespec', bigNamespec('n1', 0));
  const uptime = lastRow.locator('.uptime');
  await expect(uptime).toHaveText(/^0:00:\d\d$/);
  const first = await uptime.innerText();
  await expect(uptime).not.toHaveText(first, { timeout: 5_000 });
  await page.screenshot({ path: test.info().outputPath('large-table-end.png') });

  // A filter by name: the ten big_n2_07x, nothing else.
  await page.getByRole('searchbox', { name: 'Filter processes by name' }).fill('n2_07');
  await expect(page.getByText('10 of 500 processes', { exact: true })).toBeVisible();
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toHaveAttribute('data-namespec', bigNamespec('n2', 70));
  await expect(rows.first()).toContainText('no agent');

  // A filter by state and instance: the one started.
  await page.getByRole('searchbox', { name: 'Filter processes by name' }).fill('');
  await page.getByRole('combobox', { name: 'Filter processes by state' }).selectOption('RUNNING');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-namespec', last);
  await page.getByRole('combobox', { name: 'Filter processes by instance' }).selectOption('n3');
  await expect(table.getByText('No process matches the filters.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Filter processes by instance' }).selectOption('all');
  await page.getByRole('combobox', { name: 'Filter processes by state' }).selectOption('all');

  // Sorted by name, descending: the last comes first; then by state, the running one first.
  await scrollTable(page, 'top');
  const nameHeader = table.getByRole('columnheader', { name: 'Name' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).toHaveAttribute('data-namespec', last);
  await table.getByRole('columnheader', { name: 'State' }).getByRole('button').click();
  await expect(rows.first()).toHaveAttribute('data-namespec', last);
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'STOPPED');

  // Live while sorted: a second process started from the page moves up beside the first.
  const other = bigNamespec('n1', 50);
  await page.getByRole('searchbox', { name: 'Filter processes by name' }).fill('big_n1_050');
  await page.getByRole('button', { name: `Start ${other}`, exact: true }).click();
  await expect(table.locator(`tr[data-namespec="${other}"]`)).toHaveAttribute('data-state', 'RUNNING', {
    timeout: 15_000,
  });
  await page.getByRole('searchbox', { name: 'Filter processes by name' }).fill('');
  await expect(rows.nth(0)).toHaveAttribute('data-namespec', other);
  await expect(rows.nth(1)).toHaveAttribute('data-namespec', last);

  // n1's agent samples it: CPU and memory in its row, its charts and its instance's below the table.
  const otherRow = table.locator(`tr[data-namespec="${other}"]`);
  const chartsButton = otherRow.getByRole('button', { name: `Charts ${other}`, exact: true });
  // The CPU figure, and beside it the button of its charts.
  await expect(otherRow.getByRole('cell').nth(5)).toHaveText(/^\d+(\.\d)?%/, { timeout: 20_000 });
  await expect(chartsButton).toBeVisible();
  await expect(otherRow.getByRole('cell').nth(6)).toHaveText(/^\d+(\.\d+)? (B|KB|MB)$/);
  await chartsButton.click();
  const charts = page.getByRole('region', { name: `Charts ${other}`, exact: true });
  await expect(charts).toBeVisible();
  await expect(
    charts.getByRole('img', { name: `CPU and memory of ${other} on n1` }).locator('canvas'),
  ).toBeVisible();
  await expect(
    charts.getByRole('img', { name: 'CPU and memory of instance n1' }).locator('canvas'),
  ).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('large-table-charts.png'), fullPage: true });
  await charts.getByRole('button', { name: 'Close' }).click();
  await expect(charts).toHaveCount(0);
});
