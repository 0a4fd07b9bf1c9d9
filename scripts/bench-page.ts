// `npm run bench:page` (also the last part of `npm run bench`): the Application page of a big
// application in Debian's Chromium, against the real server over real supervisord instances.
//   - initial JS of the built page (gzip);
//   - DOM size of the 2,000-process page;
//   - main-thread time while the page sits idle (uptimes ticking, agents' statistics arriving);
//   - supervisord state change → the row's DOM (p50, p99);
//   - a burst of 200 changes: first socket frame → all rendered, and the longest task.
// Prints a table and writes bench-results/page.json. Settings (environment): BENCH_PAGE_INSTANCES
// (20), BENCH_PAGE_PER_INSTANCE (100), BENCH_PAGE_AGENTS (1: every instance runs the node agent;
// 0: none, polled only), BENCH_PAGE_IDLE_S (20), BENCH_PAGE_SAMPLES (20), BENCH_PAGE_BURSTS (5).
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { SupervisorClient } from '@supfleet/supervisor-client';
import type { BrowserFleet } from '../e2e/support/browser-fleet';
import { bigNamespec, startLargeFleet } from '../e2e/support/large-fleet';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'apps', 'web', 'dist');
const OUT = path.join(ROOT, 'bench-results');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const INSTANCES = env('BENCH_PAGE_INSTANCES', 20);
const PER_INSTANCE = env('BENCH_PAGE_PER_INSTANCE', 100);
const AGENTS = env('BENCH_PAGE_AGENTS', 1) !== 0;
const IDLE_S = env('BENCH_PAGE_IDLE_S', 20);
const SAMPLES = env('BENCH_PAGE_SAMPLES', 20);
const BURSTS = env('BENCH_PAGE_BURSTS', 5);
/** 1: a CPU profile of the page during the bursts, bench-results/bursts.cpuprofile, and its top functions. */
const PROFILE = env('BENCH_PAGE_PROFILE', 0) === 1;
const TOTAL = INSTANCES * PER_INSTANCE;
/** Processes of each instance changed by a burst: 200 in all with 20 instances. */
const BURST_PER_INSTANCE = Math.min(Math.ceil(200 / INSTANCES), PER_INSTANCE - 1);

const ids = Array.from({ length: INSTANCES }, (_, i) => `n${i + 1}`);
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const within = <T>(what: string, promise: Promise<T>, ms = 60_000) =>
  Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`timed out waiting for ${what}`);
    }),
  ]);

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** The entry script and the chunks index.html preloads: what a first visit downloads before rendering. */
async function initialJs(): Promise<{ gzipKb: number; files: string[] }> {
  const html = await readFile(path.join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let bytes = 0;
  for (const file of files) bytes += gzipSync(await readFile(path.join(DIST, file)), { level: 9 }).length;
  return { gzipKb: bytes / 1000, files };
}

async function processesState(
  fleet: BrowserFleet,
): Promise<{ count: number; running: number; agents: number }> {
  const [processes, instances] = await Promise.all(
    ['processes', 'instances'].map(async (what) => {
      const response = await fetch(`${fleet.baseURL}/api/v1/${what}`);
      return (await response.json()) as { state: string; agent?: boolean; application?: string }[];
    }),
  );
  const big = processes!.filter((p) => p.application === 'big');
  return {
    count: big.length,
    running: big.filter((p) => p.state === 'RUNNING').length,
    agents: instances!.filter((i) => i.agent).length,
  };
}

/** Main-thread task time (s) from the DevTools protocol. */
async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** CPU time (s) of the page's renderer process, every thread: not inflated by a loaded machine. */
async function rendererCpu(browserCdp: CDPSession): Promise<number> {
  const info = (await browserCdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; cpuTime: number }[];
  };
  return info.processInfo.filter((p) => p.type === 'renderer').reduce((sum, p) => sum + p.cpuTime, 0);
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.splice(0));

/** Resolves with Date.now() in the page when the row of `namespec` changes its data-state. */
function armRowChange(page: Page, namespec: string): Promise<number> {
  return page.evaluate(
    (ns) =>
      new Promise<number>((resolve) => {
        const body = document.querySelector('table[aria-label="Processes"] tbody')!;
        const observer = new MutationObserver((mutations) => {
          if (mutations.some((m) => (m.target as HTMLElement).dataset.namespec === ns)) {
            observer.disconnect();
            resolve(Date.now());
          }
        });
        observer.observe(body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
      }),
    namespec,
  );
}

/** Resolves with Date.now() in the page when the count above the table reads `text`. */
function armCount(page: Page, text: string): Promise<number> {
  return page.evaluate(
    (expected) =>
      new Promise<number>((resolve) => {
        const count = document.querySelector('.table-controls__count')!;
        if (count.textContent === expected) return resolve(Date.now());
        const observer = new MutationObserver(() => {
          if (count.textContent === expected) {
            observer.disconnect();
            resolve(Date.now());
          }
        });
        observer.observe(count, { subtree: true, characterData: true, childList: true });
      }),
    text,
  );
}

async function main(): Promise<void> {
  console.log('bench:page: building the web app');
  execFileSync('npm', ['run', 'build', '-w', '@supfleet/web'], { cwd: ROOT, stdio: 'inherit' });
  const bundle = await initialJs();

  console.log(
    `bench:page: ${INSTANCES} supervisord × ${PER_INSTANCE} processes, agents ${AGENTS ? 'on' : 'off'}`,
  );
  const fleet = await startLargeFleet({
    instances: INSTANCES,
    perInstance: PER_INSTANCE,
    autostart: true,
    agents: AGENTS ? ids : [],
    agentPeriod: 5,
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    await until(`${TOTAL} processes RUNNING${AGENTS ? ' and every agent' : ''}`, async () => {
      const s = await processesState(fleet);
      return s.count === TOTAL && s.running === TOTAL && (!AGENTS || s.agents === INSTANCES);
    });
    const clients = new Map(
      fleet.instances.map((i) => [i.id, new SupervisorClient({ url: i.url, name: i.id })]),
    );
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      const tasks: number[] = [];
      (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    let burstArmed = false;
    let firstFrameAt = 0;
    let lastFrameAt = 0;
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        if (burstArmed && String(payload).includes('process:updated')) {
          lastFrameAt = Date.now();
          if (firstFrameAt === 0) firstFrameAt = lastFrameAt;
        }
      }),
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const loadStart = Date.now();
    await page.goto(`${fleet.baseURL}/applications/big`);
    await page.getByText(`${TOTAL} processes`, { exact: true }).waitFor({ timeout: 60_000 });
    const loadMs = Date.now() - loadStart;
    await sleep(3000);
    const loadLongTasks = await longTasks(page);
    const dom = await page.evaluate(() => ({
      elements: document.querySelectorAll('*').length,
      buttons: document.querySelectorAll('button').length,
      rows: document.querySelectorAll('table[aria-label="Processes"] tbody tr[data-namespec]').length,
    }));

    // Idle: nothing changes but the clock (and the agents' samples).
    const browserCdp = await browser.newBrowserCDPSession();
    const idleMetrics0 = await metrics(cdp);
    const idleCpu0 = await rendererCpu(browserCdp);
    const idleTask0 = await taskSeconds(cdp);
    const idleWall0 = Date.now();
    await sleep(IDLE_S * 1000);
    const idleBusyPct = (((await taskSeconds(cdp)) - idleTask0) / ((Date.now() - idleWall0) / 1000)) * 100;
    const idleWallS = (Date.now() - idleWall0) / 1000;
    const idleCpuPct = (((await rendererCpu(browserCdp)) - idleCpu0) / idleWallS) * 100;
    const idleMetrics1 = await metrics(cdp);
    const idleBreakdownPct = Object.fromEntries(
      ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration'].map((key) => [
        key,
        Number(((((idleMetrics1[key] ?? 0) - (idleMetrics0[key] ?? 0)) / idleWallS) * 100).toFixed(2)),
      ]),
    );
    const idleLongTasks = await longTasks(page);
    await page.screenshot({ path: path.join(OUT, 'page-2000.png') });

    // supervisord change → DOM, on the first row (in view).
    const namespec = bigNamespec('n1', 0);
    const n1 = clients.get('n1')!;
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const changed = armRowChange(page, namespec);
      await sleep(50);
      const sentAt = Date.now();
      await (i % 2 === 0 ? n1.stopProcess(namespec, false) : n1.startProcess(namespec, false));
      latencies.push((await within('the row to change', changed)) - sentAt);
      await sleep(1500);
    }
    if ((await n1.getProcessInfo(namespec)).statename !== 'RUNNING') await n1.startProcess(namespec, true);

    // Bursts: 200 processes stopped at once, then started again, seen through the STOPPED filter.
    await page.getByRole('combobox', { name: 'Filter processes by state' }).selectOption('STOPPED');
    await page.getByText(`0 of ${TOTAL} processes`, { exact: true }).waitFor();
    const burstNames = (id: string) =>
      Array.from({ length: BURST_PER_INSTANCE }, (_, k) => bigNamespec(id, k + 1));
    const changed = ids.length * BURST_PER_INSTANCE;
    const renders: number[] = [];
    const afterLast: number[] = [];
    const totals: number[] = [];
    const burstTaskMs: number[] = [];
    const burstCpuMs: number[] = [];
    await longTasks(page);
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    for (let round = 0; round < BURSTS * 2; round += 1) {
      const stop = round % 2 === 0;
      const done = armCount(page, `${stop ? changed : 0} of ${TOTAL} processes`);
      await sleep(300);
      firstFrameAt = 0;
      lastFrameAt = 0;
      burstArmed = true;
      const task0 = await taskSeconds(cdp);
      const cpu0 = await rendererCpu(browserCdp);
      const sentAt = Date.now();
      await Promise.all(
        ids.map((id) =>
          clients.get(id)!.multicall(
            burstNames(id).map((name) => ({
              methodName: stop ? 'supervisor.stopProcess' : 'supervisor.startProcess',
              params: [name, false],
            })),
          ),
        ),
      );
      const doneAt = await within('the burst to be rendered', done);
      burstArmed = false;
      burstTaskMs.push(((await taskSeconds(cdp)) - task0) * 1000);
      burstCpuMs.push(((await rendererCpu(browserCdp)) - cpu0) * 1000);
      renders.push(doneAt - (firstFrameAt || sentAt));
      afterLast.push(doneAt - (lastFrameAt || sentAt));
      totals.push(doneAt - sentAt);
      await sleep(2500);
    }
    const burstLongTasks = await longTasks(page);
    if (PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      await writeFile(path.join(OUT, 'bursts.cpuprofile'), JSON.stringify(profile));
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const gaps = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((id, i) => {
        const frame = byId.get(id)?.callFrame;
        const key = `${frame?.functionName || '(anonymous)'} ${path.basename(frame?.url ?? '')}:${frame?.lineNumber ?? ''}`;
        self.set(key, (self.get(key) ?? 0) + (gaps[i] ?? 0) / 1000);
      });
      console.log('bursts: self time by function (ms)');
      for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
        console.log(`  ${ms.toFixed(1).padStart(8)}  ${key}`);
      }
    }
    const maxOf = (values: number[]) => (values.length === 0 ? 0 : Math.max(...values));

    const results = {
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        load: os.loadavg(),
        chromium: browser.version(),
      },
      setup: { instances: INSTANCES, perInstance: PER_INSTANCE, processes: TOTAL, agents: AGENTS },
      initialJsGzipKb: Number(bundle.gzipKb.toFixed(2)),
      loadMs,
      dom,
      idle: {
        seconds: IDLE_S,
        mainThreadBusyPct: Number(idleBusyPct.toFixed(2)),
        rendererCpuPct: Number(idleCpuPct.toFixed(2)),
        breakdownPct: idleBreakdownPct,
        longestTaskMs: maxOf(idleLongTasks),
      },
      changeToDomMs: { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), samples: latencies },
      burst: {
        changes: changed,
        renderMsP50: quantile(renders, 0.5),
        renderMsMax: maxOf(renders),
        lastFrameToRenderedMsP50: quantile(afterLast, 0.5),
        lastFrameToRenderedMsMax: maxOf(afterLast),
        sentToRenderedMsP50: quantile(totals, 0.5),
        mainThreadMsP50: Number(quantile(burstTaskMs, 0.5).toFixed(1)),
        rendererCpuMsP50: Number(quantile(burstCpuMs, 0.5).toFixed(1)),
        longestTaskMs: maxOf(burstLongTasks),
        renders,
        afterLast,
        totals,
      },
      longestTaskDuringLoadMs: maxOf(loadLongTasks),
    };
    await writeFile(path.join(OUT, 'page.json'), `${JSON.stringify(results, null, 2)}\n`);
    const rows: [string, string, string][] = [
      ['initial JS (gzip)', `${results.initialJsGzipKb} kB`, '≤ 150 kB'],
      ['first load of the page, to the table', `${loadMs} ms`, ''],
      ['DOM elements / buttons / rows', `${dom.elements} / ${dom.buttons} / ${dom.rows}`, ''],
      [`main thread busy, idle ${IDLE_S} s`, `${results.idle.mainThreadBusyPct} %`, '≤ 2 %'],
      [
        'supervisord change → DOM p50 / p99',
        `${results.changeToDomMs.p50} / ${results.changeToDomMs.p99} ms`,
        'p50 ≤ 100 ms',
      ],
      [
        `${changed}-change burst: first frame → rendered, p50 / max`,
        `${results.burst.renderMsP50} / ${results.burst.renderMsMax} ms`,
        '≤ 300 ms',
      ],
      [
        `${changed}-change burst: last frame → rendered, p50 / max`,
        `${results.burst.lastFrameToRenderedMsP50} / ${results.burst.lastFrameToRenderedMsMax} ms`,
        '',
      ],
      [`${changed}-change burst: sent → rendered p50`, `${results.burst.sentToRenderedMsP50} ms`, ''],
      ['burst main-thread time p50', `${results.burst.mainThreadMsP50} ms`, ''],
      [
        'longest task: idle / bursts / load',
        `${results.idle.longestTaskMs} / ${results.burst.longestTaskMs} / ${results.longestTaskDuringLoadMs} ms`,
        '≤ 100 ms',
      ],
    ];
    rows.splice(
      4,
      0,
      [`renderer CPU (all threads), idle ${IDLE_S} s`, `${results.idle.rendererCpuPct} % of a core`, ''],
      [
        'idle main thread: script / layout / style',
        `${idleBreakdownPct.ScriptDuration} / ${idleBreakdownPct.LayoutDuration} / ${idleBreakdownPct.RecalcStyleDuration} %`,
        '',
      ],
    );
    rows.push(['burst renderer CPU p50', `${results.burst.rendererCpuMsP50} ms`, '']);
    console.log(
      `\nApplication page, ${TOTAL} processes on ${INSTANCES} supervisord (agents ${AGENTS ? 'on' : 'off'})`,
    );
    const width = Math.max(...rows.map((r) => r[0].length));
    for (const [label, value, target] of rows)
      console.log(`  ${label.padEnd(width)}  ${value.padEnd(24)}${target}`);
    console.log(
      `written: ${path.relative(ROOT, path.join(OUT, 'page.json'))}, ${path.relative(ROOT, path.join(OUT, 'page-2000.png'))}`,
    );
  } finally {
    await browser.close();
    await fleet.stop();
  }
}

await mkdir(OUT, { recursive: true });
main().catch((error: unknown) => {
  console.error(`bench:page: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
