import { expect, test } from '@playwright/test';
import { startDemoFleet, type DemoFleet } from './support/demo-fleet';

// A session that expires while the page is open: the page goes to the login by itself (the
// server closes the live connection, the page asks who it is), instead of showing a stale fleet.

const TTL_SECONDS = 15;
let fleet: DemoFleet;

test.beforeAll(async () => {
  fleet = await startDemoFleet({ auth: true, sessionTtl: `${TTL_SECONDS}s` });
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

test('an expired session sends the open page to the login, and back after it', async ({ page }) => {
  const passwords = fleet.credentials;
  if (!passwords) throw new Error('the fleet started without users');
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  await page.getByLabel('Username').fill('operator');
  await page.getByLabel('Password').fill(passwords.operator);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('group', { name: 'Logged in' })).toContainText('operator');
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveAttribute('data-connection', 'live');

  // No click, no reload: the expiry alone brings the login.
  await expect(page).toHaveURL(`${fleet.baseURL}/login?from=%2Fapplications%2Fscen1`, {
    timeout: (TTL_SECONDS + 30) * 1000,
  });
  await page.getByLabel('Username').fill('operator');
  await page.getByLabel('Password').fill(passwords.operator);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${fleet.baseURL}/applications/scen1`);
  // A new live connection, authenticated by the new session.
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveAttribute('data-connection', 'live');
  await expect(page.getByRole('button', { name: 'Restart application' })).toBeEnabled();
});
