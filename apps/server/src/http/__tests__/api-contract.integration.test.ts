import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES, errorBodySchema, type ActionResult, type ApiRoute } from '@supfleet/protocol';
import { post, program, startTestFleet, until, type TestFleet } from '../../__tests__/fleet-fixture';

const RULES = `<root>
  <application name="app">
    <start_sequence>1</start_sequence>
    <programs><program pattern=""><start_sequence>1</start_sequence><required>true</required></program></programs>
  </application>
</root>`;

/** A real value for each path parameter; a second request per route uses an unknown one. */
const PARAMS: Record<string, string> = { id: 'n1', name: 'app', namespec: 'app:echo', channel: 'stdout' };

/** What an agent of instance n1 sends; its heartbeat is what the statistics routes then show. */
const HEARTBEAT = {
  instance: 'n1',
  period: 5,
  stats: {
    node: { cpu: 12.5, memoryUsed: 1e9, memoryTotal: 4e9, load: [0.5, 0.4, 0.3] },
    processes: { 'app:echo': { cpu: 1.5, rss: 2_000_000 } },
  },
};
const BODIES: Record<string, unknown> = {
  '/agent/heartbeat': HEARTBEAT,
  '/agent/events': {
    instance: 'n1',
    events: [{ event: 'PROCESS_STATE_RUNNING', group: 'app', name: 'echo' }],
  },
};
const QUERIES: Record<string, string> = { '/stats/history': '?instance=n1&process=app%3Aecho' };

describe('every REST route answers what the OpenAPI document says', () => {
  let fleet: TestFleet;
  let jobId = '';

  beforeAll(async () => {
    fleet = await startTestFleet(
      {
        n1: {
          'program:echo': program({ command: '/bin/sh -c "echo hello; exec sleep 1000"' }),
          'group:app': { programs: 'echo' },
        },
      },
      RULES,
    );
    await until(fleet.service, () => fleet.service.store.state.processes['app:echo'] !== undefined);
  });
  afterAll(async () => {
    await fleet?.stop();
  });

  const call = async (route: ApiRoute, params: Record<string, string>, body?: unknown) => {
    const path = route.path.replace(/:(\w+)/g, (_m, key: string) => encodeURIComponent(params[key] ?? ''));
    // Every POST carries JSON, even an empty one: anything else is refused (415) as a cross-site form could send it.
    const sent = body ?? (route.method === 'post' ? {} : undefined);
    const response = await fetch(`${fleet.url}/api/v1${path}${QUERIES[route.path] ?? ''}`, {
      method: route.method.toUpperCase(),
      headers: sent === undefined ? {} : { 'content-type': 'application/json' },
      body: sent === undefined ? undefined : JSON.stringify(sent),
    });
    return { status: response.status, body: await response.json() };
  };

  it('serves an OpenAPI 3.1 document with every route of the table', async () => {
    const document = (await (await fetch(`${fleet.url}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    for (const route of API_ROUTES) {
      const path = `/api/v1${route.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(document.paths[path]?.[route.method], `${route.method} ${path}`).toBeDefined();
    }
    const page = await fetch(`${fleet.url}/api/docs`);
    expect(page.headers.get('content-type')).toMatch(/html/);
    expect(await page.text()).toContain('/api/v1/applications/{name}/restart');
  });

  for (const route of API_ROUTES) {
    it(`${route.method.toUpperCase()} ${route.path}`, async () => {
      const params = { ...PARAMS, id: route.path.startsWith('/jobs') ? jobId : PARAMS.id! };
      if (route.path.startsWith('/jobs/:id') && !jobId) {
        const started = await call(
          API_ROUTES.find((r) => r.path === '/applications/:name/restart')!,
          PARAMS,
          {},
        );
        jobId = (started.body as ActionResult).job.id;
        params.id = jobId;
      }
      const resolve = route.path === '/conflicts/:namespec/resolve';
      // Restarting the test's only supervisord would pull the ground from under the next routes:
      // without confirm it is refused (supervisord-control.integration.test.ts restarts one).
      const control = /^\/instances\/:id\/(restart|shutdown)$/.test(route.path);
      if (route.path.startsWith('/stats')) await post(`${fleet.url}/api/v1/agent/heartbeat`, HEARTBEAT);
      const body = route.body
        ? (BODIES[route.path] ?? { wait: true, ...(resolve ? { keep: 'n1' } : {}) })
        : undefined;
      const answer = await call(route, params, body);
      if (route.path === '/jobs/:id/cancel' && answer.status === 409) {
        // The job may have ended already: a 409 is then the documented answer.
        expect(errorBodySchema.parse(answer.body).error.code).toBe('CONFLICT');
        return;
      }
      if (control) {
        expect([answer.status, errorBodySchema.parse(answer.body).error.message]).toEqual([
          400,
          expect.stringMatching(/confirm/),
        ]);
      } else if (resolve) {
        // One instance cannot make a conflict: 409 is the documented answer (conflicts.integration.test.ts resolves one).
        expect([answer.status, errorBodySchema.parse(answer.body).error.code]).toEqual([409, 'CONFLICT']);
      } else {
        expect([route.status, 200]).toContain(answer.status);
        const parsed = route.response.safeParse(answer.body);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }

      if (route.errors.includes(404) && route.path.includes(':')) {
        const unknown = Object.fromEntries(
          Object.keys(params).map((key) => [key, key === 'channel' ? 'stdout' : 'nope:nope']),
        );
        const missing = await call(route, unknown, body);
        expect(missing.status).toBe(404);
        expect(errorBodySchema.safeParse(missing.body).success).toBe(true);
      }
      if (route.errors.includes(400) && route.body && !BODIES[route.path]) {
        const bad = await call(route, params, { wait: 'soon' });
        expect(bad.status).toBe(400);
        expect(errorBodySchema.parse(bad.body).error.message).toMatch(/wait/);
      }
      if (route.path.startsWith('/applications/:name/') && route.method === 'post') {
        await until(fleet.service, () => fleet.service.store.state.applications.app?.jobId === null);
      }
    });
  }

  it('answers an unknown route with the error shape', async () => {
    const response = await fetch(`${fleet.url}/api/v1/nowhere`);
    expect(response.status).toBe(404);
    expect(errorBodySchema.parse(await response.json()).error.message).toMatch(/no route/);
  });
});
