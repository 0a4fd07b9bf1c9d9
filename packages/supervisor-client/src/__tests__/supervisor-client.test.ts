import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionRefusedError, ProtocolError, TimeoutError } from '../errors.js';
import { SupervisorClient } from '../supervisor-client.js';
import { decodeMethodCall, encodeMethodResponse } from '../xmlrpc-codec.js';

/*
 * What goes over the wire, seen from a plain HTTP server. Behaviour against supervisord itself
 * is in supervisor-client.integration.test.ts.
 */

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: string;
  socketClosed: Promise<void>;
}

let server: http.Server | undefined;

afterEach(async () => {
  const current = server;
  server = undefined;
  if (!current) return;
  current.closeAllConnections();
  await new Promise((resolve) => current.close(resolve));
});

/** A server that records each request and lets the test decide how to answer. */
async function serve(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  const seen: Seen[] = [];
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        socketClosed: new Promise((resolve) => {
          if (request.socket.destroyed) resolve();
          else request.socket.once('close', () => resolve());
        }),
      });
      answer(request, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, seen };
}

const xmlAnswer = (body: string) => (_request: http.IncomingMessage, response: http.ServerResponse) => {
  response.writeHead(200, { 'Content-Type': 'text/xml' });
  response.end(body);
};

describe('SupervisorClient requests', () => {
  it('POSTs text/xml to /RPC2 with Connection: close, then the connection is closed', async () => {
    const { port, seen } = await serve(
      xmlAnswer(encodeMethodResponse({ statecode: 1, statename: 'RUNNING' })),
    );
    const client = new SupervisorClient({ url: `http://127.0.0.1:${port}` });

    await expect(client.getState()).resolves.toEqual({ statecode: 1, statename: 'RUNNING' });

    const [request] = seen;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/RPC2',
      headers: { 'content-type': 'text/xml', connection: 'close' },
    });
    expect(request?.headers.authorization).toBeUndefined();
    expect(decodeMethodCall(request?.body ?? '')).toEqual({ method: 'supervisor.getState', params: [] });
    await request?.socketClosed;
  });

  it('sends basic auth, from options or from the url, and keeps a path that is given', async () => {
    const { port, seen } = await serve(xmlAnswer(encodeMethodResponse('supervisor')));
    await new SupervisorClient({
      url: `http://127.0.0.1:${port}`,
      username: 'user',
      password: 'p:ss',
    }).getIdentification();
    await new SupervisorClient({ url: `http://bob:s%20cret@127.0.0.1:${port}/custom` }).getIdentification();

    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:p:ss').toString('base64')}`);
    expect(seen[1]?.headers.authorization).toBe(`Basic ${Buffer.from('bob:s cret').toString('base64')}`);
    expect(seen[1]?.url).toBe('/custom');
  });

  it('gives up after timeoutMs with a TimeoutError naming the instance, and closes the socket', async () => {
    const { port, seen } = await serve(() => undefined);
    const client = new SupervisorClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 150, name: 'rocky51' });

    const started = Date.now();
    const error: unknown = await client.getState().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe(
      `rocky51 at http://127.0.0.1:${port}: supervisor.getState: no answer within 150 ms`,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    await seen[0]?.socketClosed;
  });

  it('a connection dropped before the answer is a ConnectionRefusedError', async () => {
    const { port } = await serve((request) => request.socket.destroy());
    const error: unknown = await new SupervisorClient({ url: `http://127.0.0.1:${port}` })
      .getState()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect((error as Error).message).toMatch(/connection closed before an answer/);
  });

  it('an answer that is not XML-RPC is a ProtocolError', async () => {
    const { port } = await serve(xmlAnswer('<html><body>proxy says hi</body></html>'));
    const error: unknown = await new SupervisorClient({ url: `http://127.0.0.1:${port}` })
      .getState()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/supervisor.getState: the answer is not XML-RPC/);
  });

  it('an XML-RPC answer of the wrong shape is a ProtocolError naming the field', async () => {
    const { port } = await serve(xmlAnswer(encodeMethodResponse({ statecode: 'one', statename: 'RUNNING' })));
    const error: unknown = await new SupervisorClient({ url: `http://127.0.0.1:${port}` })
      .getState()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/field "statecode" should be a number/);
  });

  it('refuses a url that is not http(s)', () => {
    expect(() => new SupervisorClient({ url: 'localhost:9001' })).toThrow(/must start with http/);
    expect(() => new SupervisorClient({ url: 'nonsense' })).toThrow(/not a URL/);
  });
});
