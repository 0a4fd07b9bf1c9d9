import { expect, test, type Browser, type Page } from '@playwright/test';
import type { Application, AuditEntry, Process } from '@supfleet/protocol';
import { startDemoFleet, type DemoFleet } from './support/demo-fleet';
import { startEvilSite } from './support/evil-site';

// Scenario 1 with users: login, roles in the page and at the API, cross-site attempts refused,
// and the audit log of it all. The tests run in order on one fleet: each leaves scen1 running.

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
const VIEWER_REASON = 'viewer: needs the operator role';

type User = 'admin' | 'operator' | 'viewer';

let fleet: DemoFleet;
let passwords: Record<User, string>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fleet = await startDemoFleet({ auth: true });
  if (!fleet.credentials) throw new Error('the fleet started without users');
  passwords = fleet.credentials;
  // scen1 running, as an operator would have left it.
  const started = await rest('operator', 'POST', '/api/v1/applications/scen1/start', { wait: true });
  expect(started.status).toBe(200);
  await expect.poll(() => rank2States(), { timeout: 60_000 }).toEqual(RANK_2.map(() => 'RUNNING'));
});

test.afterAll(async () => {
  await fleet?.stop();
});

/** What the browser refused under the page's Content-Security-Policy (inline script or style...). */
let cspViolations: string[] = [];

test.beforeEach(({ page }) => {
  cspViolations = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
  });
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status !== testInfo.expectedStatus && fleet) {
    await testInfo.attach('fleet output', { body: fleet.output(), contentType: 'text/plain' });
  }
  // The page works under its CSP: nothing inline that the policy blocks.
  expect(cspViolations).toEqual([]);
});

/** A REST call outside the browser, with HTTP basic as scripts use it. */
async function rest(
  user: User,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fleet.baseURL}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${user}:${passwords[user]}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function scen1Processes(): Promise<Process[]> {
  const answer = await rest('viewer', 'GET', '/api/v1/applications/scen1/processes');
  expect(answer.status).toBe(200);
  return answer.body as Process[];
}

async function rank2States(): Promise<string[]> {
  const processes = await scen1Processes();
  return RANK_2.map((name) => processes.find((p) => p.name === name)?.state ?? 'missing');
}

/** Each rank-2 process's pid: a restart, even a partial one, changes some. */
async function rank2Pids(): Promise<string> {
  const processes = await scen1Processes();
  return RANK_2.map((name) => {
    const process = processes.find((p) => p.name === name);
    return `${name}=${process?.instances.map((i) => `${i.instance}:${i.pid}`).join('+')}`;
  }).join(' ');
}

async function logIn(page: Page, user: User, path = '/'): Promise<void> {
  await page.goto(`${fleet.baseURL}${path}`);
  await expect(page).toHaveURL(/\/login(\?|$)/);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(passwords[user]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('group', { name: 'Logged in' })).toContainText(user);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('the login page: a wrong password is refused, then back to where the user was', async ({ page }) => {
  await page.goto(`${fleet.baseURL}/applications/scen1`);
  await expect(page).toHaveURL(`${fleet.baseURL}/login?from=%2Fapplications%2Fscen1`);
  await expect(page.getByRole('heading', { name: 'Log in to supfleet' })).toBeVisible();
  // Nothing of the fleet before a login: the live stream is refused without a session.
  await expect(page.getByRole('table')).toHaveCount(0);

  await page.getByLabel('Username').fill('viewer');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await page.screenshot({ path: test.info().outputPath('login.png') });

  await page.getByLabel('Password').fill(passwords.viewer);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${fleet.baseURL}/applications/scen1`);
  await expect(page.getByRole('heading', { name: 'scen1' })).toBeVisible();
  const who = page.getByRole('group', { name: 'Logged in' });
  await expect(who).toContainText('viewer');
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveAttribute('data-connection', 'live');

  // Log out: the session ends at the server too, and the page asks for a login again (which
  // would bring the next user back here).
  await who.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(`${fleet.baseURL}/login?from=%2Fapplications%2Fscen1`);
  await expect(page.getByRole('heading', { name: 'Log in to supfleet' })).toBeVisible();
  // (As the page asks: without its header a 401 carries a basic challenge, and the browser would prompt.)
  const after = await page.evaluate(
    async () => (await fetch('/api/v1/session', { headers: { 'X-Supfleet-Client': 'page' } })).status,
  );
  expect(after).toBe(401);
  await page.goto(`${fleet.baseURL}/`);
  await expect(page).toHaveURL(`${fleet.baseURL}/login`);
});

test('a viewer sees every control disabled with the reason, and the API refuses the action', async ({
  page,
}) => {
  await logIn(page, 'viewer', '/applications/scen1');
  await expect(page.getByRole('group', { name: 'Logged in' })).toContainText('viewer');
  // No way to the admin pages.
  await expect(page.getByRole('navigation', { name: 'Administration' })).toHaveCount(0);

  const table = page.getByRole('table', { name: 'Processes' });
  await expect(table.locator('tbody tr')).toHaveCount(12);
  for (const name of ['Start application', 'Stop application', 'Restart application']) {
    const button = page.getByRole('button', { name, exact: true });
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(VIEWER_REASON);
    await expect(button).toHaveAttribute('title', VIEWER_REASON);
  }
  const processButtons = table.getByRole('button', { name: /^(Start|Stop) scen1:/ });
  await expect(processButtons).toHaveCount(24);
  for (const button of await processButtons.all()) {
    await expect(button).toBeDisabled();
    await expect(button).toHaveAccessibleDescription(VIEWER_REASON);
  }
  // Reading stays open to a viewer.
  await expect(table.getByRole('button', { name: 'Logs scen1:scen1_hci' })).toBeEnabled();

  // The same request the button would send, from the viewer's own page: refused by the server.
  const refused = await page.evaluate(async () => {
    const response = await fetch('/api/v1/applications/scen1/restart', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Supfleet-Client': 'page' },
      body: JSON.stringify({ wait: false }),
    });
    return { status: response.status, body: (await response.json()) as { error: { code: string } } };
  });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('FORBIDDEN');
  // Over REST with the viewer's password too.
  const overRest = await rest('viewer', 'POST', '/api/v1/applications/scen1/stop', { wait: false });
  expect(overRest.status).toBe(403);
  expect(await rank2States()).toEqual(RANK_2.map(() => 'RUNNING'));

  // The admin pages refuse a viewer who types their address.
  const users = await page.evaluate(
    async () => (await fetch('/api/v1/users', { headers: { 'X-Supfleet-Client': 'page' } })).status,
  );
  expect(users).toBe(403);
});

test('an operator restarts scen1 and it comes back RUNNING', async ({ page }) => {
  await logIn(page, 'operator', '/applications/scen1');
  await expect(page.getByRole('navigation', { name: 'Administration' })).toHaveCount(0);
  const before = await rank2Pids();
  const restart = page.getByRole('button', { name: 'Restart application' });
  await expect(restart).toBeEnabled();
  await expect(restart).not.toHaveAttribute('aria-description');
  await restart.click();
  await expect(page.getByRole('status', { name: 'Job progress' })).toHaveAttribute(
    'data-job-state',
    'succeeded',
    { timeout: 90_000 },
  );
  const table = page.getByRole('table', { name: 'Processes' });
  for (const name of RANK_2) {
    await expect(table.locator(`tr[data-namespec="scen1:${name}"]`)).toHaveAttribute(
      'data-state',
      'RUNNING',
      {
        timeout: 30_000,
      },
    );
  }
  expect(await rank2Pids()).not.toBe(before);
});

test('a session ended elsewhere: the next action goes to the login page, and nothing is done', async ({
  page,
}) => {
  await logIn(page, 'operator', '/applications/scen1');
  // The page settled (its plan of a restart shown), so that the click below is the next request.
  await expect(page.getByText('Planning…')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Restart application' })).toBeEnabled();
  const before = await rank2Pids();
  // Logged out from another tab of the same browser: the cookie is gone, this page does not know yet.
  const ended = await page.request.delete(`${fleet.baseURL}/api/v1/session`, {
    headers: { 'Content-Type': 'application/json', 'X-Supfleet-Client': 'page', Origin: fleet.baseURL },
  });
  expect(ended.status()).toBe(204);
  const answers: number[] = [];
  page.on('response', (r) => {
    if (r.url() === `${fleet.baseURL}/api/v1/applications/scen1/restart`) answers.push(r.status());
  });
  // The page may learn it first (any of its requests answers 401) and be at the login already;
  // otherwise the click is refused and takes it there.
  await page
    .getByRole('button', { name: 'Restart application' })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(page).toHaveURL(`${fleet.baseURL}/login?from=%2Fapplications%2Fscen1`);
  expect(answers.every((status) => status === 401)).toBe(true);
  expect(await rank2Pids()).toBe(before);
});

test('a page on another origin can neither act nor frame supfleet, even for a logged-in operator', async ({
  browser,
}) => {
  const page = await newPage(browser);
  await logIn(page, 'operator', '/applications/scen1');
  const before = await rank2Pids();
  const since = Date.now();
  const target = `${fleet.baseURL}/api/v1/applications/scen1/stop`;
  const evil = await startEvilSite(fleet.baseURL);
  try {
    // The same host on another port: same-site for the browser, so the SameSite cookie goes
    // with the requests; only the server's own checks (type, Origin) stand in the way.
    for (const [form, url] of [
      ['text-plain', target],
      ['urlencoded', target],
      ['rpc2', `${fleet.baseURL}/RPC2`],
    ] as const) {
      const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === url);
      await page.goto(`${evil.url}/${form}`);
      const response = await answer;
      expect([403, 415], `${form} answered ${response.status()}`).toContain(response.status());
    }

    await page.goto(`${evil.url}/blank`);
    const fetched = await page.evaluate(async (url) => {
      const results: string[] = [];
      // A "simple" request needs no preflight: it reaches the server, whose answer is opaque.
      await fetch(url, {
        method: 'POST',
        mode: 'no-cors',
        credentials: 'include',
        headers: { 'Content-Type': 'text/plain' },
        body: '{"wait":false}',
      }).then(
        (r) => results.push(`no-cors ${r.type}`),
        (e: unknown) => results.push(`no-cors refused ${String(e)}`),
      );
      // JSON needs a CORS preflight, which the server does not grant.
      await fetch(url, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', 'X-Supfleet-Client': 'page' },
        body: '{"wait":false}',
      }).then(
        (r) => results.push(`cors ${r.status}`),
        () => results.push('cors refused'),
      );
      return results;
    }, target);
    // The opaque answer may be withheld as well (Cross-Origin-Resource-Policy): refused either way.
    expect(fetched[0]).toMatch(/^no-cors (opaque|refused)/);
    expect(fetched[1]).toBe('cors refused');

    // Framed by another site: the browser refuses to show it (frame-ancestors 'none', X-Frame-Options).
    const framed = page.waitForResponse((r) => r.url() === `${fleet.baseURL}/applications/scen1`);
    await page.goto(`${evil.url}/frame`);
    const frameResponse = await framed;
    expect(frameResponse.headers()['x-frame-options']).toBe('DENY');
    expect(frameResponse.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForLoadState('load');
    const frame = page.locator('iframe').contentFrame();
    await expect(frame.getByRole('button', { name: 'Restart application' })).toHaveCount(0);
    expect(page.frames().some((f) => f.url().startsWith(`${fleet.baseURL}/`))).toBe(false);
  } finally {
    await evil.close();
    await page.context().close();
  }

  // The server saw and refused each attempt that reached it (the JSON fetch stopped at the
  // preflight): the two forms and the simple fetch on REST, the form on /RPC2. Nothing else.
  const attempts = async () => {
    const { body } = await rest('admin', 'GET', `/api/v1/audit?since=${since}&limit=1000`);
    return (body as { entries: AuditEntry[] }).entries
      .map((e) => `${e.action} ${e.target ?? '-'} ${e.result}`)
      .sort();
  };
  await expect
    .poll(attempts)
    .toEqual([...Array<string>(3).fill('application.stop scen1 refused'), 'xmlrpc - refused']);

  // scen1 untouched: still running, same processes, no job.
  expect(await rank2States()).toEqual(RANK_2.map(() => 'RUNNING'));
  expect(await rank2Pids()).toBe(before);
  const scen1 = await rest('viewer', 'GET', '/api/v1/applications/scen1');
  expect((scen1.body as Application).jobId).toBeNull();
});

test('an admin reads all of it in the audit log, and manages users and tokens', async ({ page }) => {
  await logIn(page, 'admin', '/');
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await nav.getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
  const rows = page.getByRole('table').locator('tbody tr');

  // The operator's restart from the page.
  const restart = page.locator('tbody tr[data-actor="operator"][data-action="application.restart"]');
  await expect(restart.filter({ hasText: 'page from' }).first()).toBeVisible();
  await expect(restart.filter({ hasText: /succeeded/ }).first()).toBeVisible();
  // The viewer's refused attempts, with the reason.
  const refused = page.locator('tbody tr[data-actor="viewer"][data-result="refused"]');
  await expect(refused.first()).toBeVisible();
  await expect(refused.and(page.locator('[data-action="application.restart"]')).first()).toContainText(
    'page from',
  );
  await expect(refused.and(page.locator('[data-action="application.stop"]')).first()).toContainText(
    'rest from',
  );

  // Newest first, as the API orders them.
  const entries = (await rest('admin', 'GET', '/api/v1/audit?limit=1000')).body as { entries: AuditEntry[] };
  const times = entries.entries.map((e) => e.at);
  expect(times).toEqual([...times].sort((a, b) => b - a));
  const shown = await rows.locator('td:first-child').allTextContents();
  expect(shown).toEqual([...shown].sort().reverse());

  // A filter by actor.
  await page.getByLabel('Actor').fill('viewer');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(rows.first()).toHaveAttribute('data-actor', 'viewer');
  await expect(page.locator('tbody tr:not([data-actor="viewer"])')).toHaveCount(0);
  await page.getByLabel('Actor').fill('');
  await page.getByLabel('Target').fill('scen1');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('tbody tr[data-actor="operator"]').first()).toBeVisible();
  await expect(page.locator('tbody tr[data-action^="session."]')).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.screenshot({ path: test.info().outputPath('audit.png'), fullPage: true });

  // Users: add, change the role, remove.
  await nav.getByRole('link', { name: 'Users' }).click();
  const addUser = page.getByRole('form', { name: 'Add a user' });
  await addUser.getByLabel('Username').fill('alice');
  await addUser.getByLabel('Role').selectOption('viewer');
  await addUser.getByLabel('Password').fill('alice-password-1');
  await addUser.getByRole('button', { name: 'Add user' }).click();
  const alice = page.locator('tr[data-username="alice"]');
  await expect(alice).toBeVisible();
  await alice.getByLabel('Role of alice').selectOption('operator');
  await expect.poll(async () => userRole('alice')).toBe('operator');
  await alice.getByRole('button', { name: 'Remove alice' }).click();
  await alice.getByRole('button', { name: 'Confirm removal of alice' }).click();
  await expect(alice).toHaveCount(0);

  // Tokens: the secret shows once, works, and stops working once revoked.
  await nav.getByRole('link', { name: 'Tokens' }).click();
  const createToken = page.getByRole('form', { name: 'Create a token' });
  await createToken.getByLabel('Name').fill('e2e-ci');
  await createToken.getByLabel('Role').selectOption('viewer');
  await createToken.getByLabel('Expires after (days)').fill('7');
  await createToken.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('Secret of token e2e-ci').inputValue();
  expect(secret.length).toBeGreaterThan(20);
  const withToken = () =>
    fetch(`${fleet.baseURL}/api/v1/applications`, { headers: { Authorization: `Bearer ${secret}` } }).then(
      (r) => r.status,
    );
  expect(await withToken()).toBe(200);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByLabel('Secret of token e2e-ci')).toHaveCount(0);
  const token = page.locator('tr[data-token="e2e-ci"]');
  await token.getByRole('button', { name: 'Revoke e2e-ci' }).click();
  await token.getByRole('button', { name: 'Confirm revocation of e2e-ci' }).click();
  await expect(token).toHaveCount(0);
  expect(await withToken()).toBe(401);
});

async function userRole(name: string): Promise<string | undefined> {
  const users = (await rest('admin', 'GET', '/api/v1/users')).body as { username: string; role: string }[];
  return users.find((u) => u.username === name)?.role;
}

// Last: it uses up a user's login attempts.
test('too many wrong passwords: the login page says how long to wait', async ({ page }) => {
  const attempt = () =>
    fetch(`${fleet.baseURL}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'mallory', password: 'guess' }),
    }).then((r) => r.status);
  await expect.poll(attempt, { intervals: [0], timeout: 30_000 }).toBe(429);

  await page.goto(`${fleet.baseURL}/login`);
  await page.getByLabel('Username').fill('mallory');
  await page.getByLabel('Password').fill('another-guess');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Too many attempts: try again in \d+ s\.$/);
});
