import { expect, test } from '@playwright/test';
import type {
  ClientToServerEvents,
  Job,
  ServerToClientEvents,
  ServiceAnswer,
  Snapshot,
} from '@supfleet/protocol';
import { io, type Socket } from 'socket.io-client';
import { startNginx, type Nginx } from '../scripts/lib/nginx.mjs';
import { startReplicatedFleet, type ReplicatedFleet } from './support/replicated-fleet';

// Short, as in `npm run demo -- --ha`: a failover takes about one term (the default is 6 s).
const LEASE_TTL_S = 2;

let fleet: ReplicatedFleet | undefined;
let lb: Nginx | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  fleet = await startReplicatedFleet(['replica-a', 'replica-b'], { leaseTtlS: LEASE_TTL_S });
  lb = await startNginx(fleet.replicas.map((replica) => replica.address));
});

test.afterAll(async () => {
  await lb?.stop();
  await fleet?.stop();
});

test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status === testInfo.expectedStatus) return;
  await testInfo.attach('replicas and supervisord', {
    body: fleet?.output() ?? '',
    contentType: 'text/plain',
  });
  await testInfo.attach('nginx', { body: lb ? await lb.logs() : '', contentType: 'text/plain' });
});

test('a client on long-polling only (a proxy that refuses the upgrade) stays on one replica through nginx', async () => {
  // Each poll is a request of its own: without nginx's hash, the second would reach the other
  // replica, which knows nothing of the session (400), and the link would break.
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(lb!.url, {
    transports: ['polling'],
    forceNew: true,
    reconnection: false,
  });
  const snapshots: Snapshot[] = [];
  const broken: string[] = [];
  socket.on('snapshot', (snapshot) => snapshots.push(snapshot));
  socket.on('connect_error', (error) => broken.push(`connect_error: ${error.message}`));
  socket.on('disconnect', (reason) => broken.push(`disconnect: ${reason}`));
  try {
    await expect.poll(() => snapshots.length, { timeout: 10_000 }).toBe(1);
    // A few round trips more (within the server's limit of snapshot requests).
    for (let i = 2; i <= 4; i += 1) {
      socket.emit('snapshot:request');
      await expect.poll(() => snapshots.length, { timeout: 10_000 }).toBe(i);
    }
    expect(broken).toEqual([]);
    expect(new Set(snapshots.map((snapshot) => snapshot.service.replica)).size).toBe(1);
    expect(socket.io.engine.transport.name).toBe('polling');
  } finally {
    socket.close();
  }
});

test('through nginx, the page moves to the other replica when the one serving it is killed, and its Restart works', async ({
  page,
}, testInfo) => {
  const { replicas } = fleet!;
  const balancer = lb!;
  // nginx has no active health check: both replicas say they are ready before the page opens.
  for (const replica of replicas)
    await expect
      .poll(async () => (await fetch(`http://${replica.address}/readyz`)).status, { timeout: 20_000 })
      .toBe(200);

  await page.goto(`${balancer.url}/applications/scen1`);
  const connection = page.getByRole('status', { name: 'Connection' });
  const badge = page.getByTitle(/ serves this page/);
  const led = page.getByRole('img', { name: /^Operational status:/ });
  await expect(connection).toHaveAttribute('data-connection', 'live');
  // auto_start: the leader starts scen1 once every instance answers (the NFS wait first).
  await expect(led).toHaveAttribute('data-status', 'operational', { timeout: 60_000 });

  // Which replica serves the page: the header says, and so does /service through nginx.
  const title = (await badge.getAttribute('title')) ?? '';
  const served = replicas.find((replica) => title.startsWith(`${replica.name} serves this page`));
  expect(served, `a replica named in "${title}"`).toBeDefined();
  const survivor = replicas.find((replica) => replica !== served)!;
  const service = await page.evaluate(
    async () => (await (await fetch('/api/v1/service')).json()) as ServiceAnswer,
  );
  expect(service.replica).toBe(served!.name);
  const jobsBefore = await jobs(balancer.url);

  served!.process.child.kill('SIGKILL');
  const killed = Date.now();
  // The page reconnects through nginx, which skips the dead upstream, to the survivor.
  await expect(badge).toHaveAttribute('title', new RegExp(`^${survivor.name} serves this page`), {
    timeout: 5_000,
  });
  const reconnectedMs = Date.now() - killed;
  await expect(connection).toHaveAttribute('data-connection', 'live');
  // It leads already, or once the dead one's term has run out.
  await expect(badge).toHaveAttribute('data-leader', 'true', { timeout: LEASE_TTL_S * 1000 + 5_000 });
  const ledMs = Date.now() - killed;

  await page.getByRole('button', { name: 'Restart application', exact: true }).click();
  await expect(page.getByRole('contentinfo', { name: 'Last action' }).getByRole('status')).toHaveText(
    /Restart scen1.*: accepted$/,
  );
  await expect
    .poll(
      async () => {
        const [last] = await jobs(balancer.url);
        return last && !jobsBefore.some((job) => job.id === last.id)
          ? `${last.kind} ${last.target.name} ${last.state}`
          : 'none yet';
      },
      { timeout: 30_000 },
    )
    .toBe('restart scen1 succeeded');
  await expect(led).toHaveAttribute('data-status', 'operational');
  const restartedMs = Date.now() - killed;

  const figures = `killed ${served!.name}${service.leader ? ' (the leader)' : ' (a follower)'}: the page showed ${survivor.name} live after ${reconnectedMs} ms, ${survivor.name} led after ${ledMs} ms, the restart succeeded after ${restartedMs} ms`;
  console.log(figures);
  testInfo.annotations.push({ type: 'failover', description: figures });
});

async function jobs(base: string): Promise<Job[]> {
  const response = await fetch(`${base}/api/v1/jobs?limit=1`);
  return (await response.json()) as Job[];
}
