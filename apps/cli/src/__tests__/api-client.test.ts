import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiClient } from '../api-client';
import { ApiError, NotSupportedError, ServerUnreachableError } from '../cli-errors';

/** Canned answers by path, as a supfleet server (or something else) would send them. */
const ANSWERS: Record<string, { status: number; body: string }> = {
  '/api/v1/ok': { status: 200, body: JSON.stringify({ name: 'scen1', extra: 'kept in raw' }) },
  '/api/v1/applications/nope': {
    status: 404,
    body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'unknown application nope' } }),
  },
  '/api/v1/conflicts': {
    status: 404,
    body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no route GET /api/v1/conflicts' } }),
  },
  '/api/v1/locked': {
    status: 401,
    body: JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'authentication required' } }),
  },
  '/api/v1/busy': {
    status: 409,
    body: JSON.stringify({
      error: { code: 'CONFLICT', message: 'application scen1 already has job job-1 running (start)' },
    }),
  },
  '/api/v1/html': { status: 200, body: '<html>a web page</html>' },
  '/api/v1/proxy-error': { status: 502, body: '<html>Bad Gateway</html>' },
  '/api/v1/wrong-shape': { status: 200, body: JSON.stringify({ name: 42 }) },
};

describe('ApiClient against a real HTTP server', () => {
  let server: Server;
  let url: string;
  const requests: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      const answer = ANSWERS[req.url ?? ''] ?? { status: 500, body: 'unexpected path' };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const schema = z.object({ name: z.string() });

  it('gives the checked data and the raw answer with fields the schema does not know', async () => {
    const answer = await new ApiClient(`${url}/`).get('/ok', schema);
    expect(answer.data).toEqual({ name: 'scen1' });
    expect(answer.raw).toEqual({ name: 'scen1', extra: 'kept in raw' });
  });

  it('sends HTTP basic auth only when credentials are given', async () => {
    await new ApiClient(url, { credentials: { username: 'ops', password: 'pa:ss' } }).get('/ok', schema);
    expect(requests.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from('ops:pa:ss').toString('base64')}`,
    );
    await new ApiClient(url).get('/ok', schema);
    expect(requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it.each([
    {
      case: "404 of a resource: the server's message",
      path: '/applications/nope',
      type: ApiError,
      message: /^unknown application nope$/,
    },
    {
      case: '404 no route: not supported by this server',
      path: '/conflicts',
      type: NotSupportedError,
      message: /GET \/api\/v1\/conflicts is not supported by this server/,
    },
    {
      case: '401: the message and how to give credentials',
      path: '/locked',
      type: ApiError,
      message: /authentication required.*-u\/-p/,
    },
    {
      case: "409: the server's message",
      path: '/busy',
      type: ApiError,
      message: /already has job job-1 running/,
    },
    {
      case: 'an answer that is not JSON',
      path: '/html',
      type: Error,
      message: /not JSON.*a supfleet server/,
    },
    {
      case: 'an error page that is not the error shape',
      path: '/proxy-error',
      type: Error,
      message: /HTTP 502/,
    },
    {
      case: 'an answer of the wrong shape',
      path: '/wrong-shape',
      type: Error,
      message: /unexpected answer \(name: /,
    },
  ])('$case', async ({ path, type, message }) => {
    const failure = new ApiClient(url).get(path, schema);
    await expect(failure).rejects.toBeInstanceOf(type);
    await expect(failure).rejects.toThrow(message);
  });

  it('says the server cannot be reached, with its URL, when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const failure = new ApiClient(`http://127.0.0.1:${port}`).get('/ok', schema);
    await expect(failure).rejects.toBeInstanceOf(ServerUnreachableError);
    await expect(failure).rejects.toThrow(
      `cannot reach the supfleet server at http://127.0.0.1:${port} (ECONNREFUSED)`,
    );
  });

  it('gives up on a server that accepts the connection but never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const failure = new ApiClient(`http://127.0.0.1:${port}`, { timeoutMs: 200 }).get('/ok', schema);
      await expect(failure).rejects.toThrow(/did not answer within 0.2 s/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
