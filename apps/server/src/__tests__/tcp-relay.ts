import { createConnection, createServer, type Socket } from 'node:net';

/** XML-RPC methods that change a supervisord, as they appear in a request body. */
const CHANGING =
  /<methodName>(supervisor\.(?:start|stop|signal|clear|restart|shutdown|send)\w*)<\/methodName>/g;

/**
 * A TCP relay on a free port of loopback to `127.0.0.1:target`: a replica reaches a supervisord
 * or PostgreSQL through it, so a test can see what it sends and cut it off.
 */
export interface Relay {
  port: number;
  /** The state-changing XML-RPC calls that went through (a relay to a supervisord), with when. */
  calls: { at: number; method: string }[];
  /** Drops every open connection and refuses new ones, as a network cut that resets. */
  cut(): Promise<void>;
  close(): Promise<void>;
}

export function startRelay(target: number): Promise<Relay> {
  const calls: Relay['calls'] = [];
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    track(client);
    track(upstream);
    let seen = '';
    client.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      for (const match of seen.matchAll(CHANGING)) calls.push({ at: Date.now(), method: match[1]! });
      // Keep only what a method name split across two chunks may need.
      seen = seen.replace(CHANGING, '').slice(-200);
    });
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((done) => {
      server.close(() => done());
      for (const socket of open) socket.destroy();
    }));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as { port: number }).port, calls, cut: close, close }),
    ),
  );
}
