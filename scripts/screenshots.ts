// `npx tsx scripts/screenshots.ts`: the screenshots of docs/images/, from a real demo-like fleet
// (Scenario 1's three supervisord with their agents, the server, scen1 started), in Debian's
// Chromium: each page light and dark, on a desktop and on a 390 px phone. Run `npm run build` first.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startFreePortDemo } from '../e2e/support/free-port-demo';

const OUT = fileURLToPath(new URL('../docs/images/', import.meta.url));

const PAGES: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
  {
    name: 'dashboard',
    path: '/',
    ready: (page) => page.getByRole('main').getByRole('heading', { name: 'Instances' }).waitFor(),
  },
  {
    name: 'application',
    path: '/applications/scen1',
    ready: (page) => page.getByRole('table', { name: 'Processes' }).waitFor(),
  },
  {
    name: 'process',
    path: '/applications/scen1?process=scen1%3Ascen1_hci&period=5',
    ready: (page) => page.getByRole('region', { name: 'Process scen1:scen1_hci' }).waitFor(),
  },
  {
    name: 'instance',
    path: '/instances/rocky51',
    ready: (page) => page.getByRole('heading', { name: 'Node statistics' }).waitFor(),
  },
  {
    name: 'history',
    path: '/history',
    ready: (page) => page.getByRole('heading', { name: 'History', level: 1 }).waitFor(),
  },
];

const VIEWPORTS = [
  { name: 'desktop', width: 1400, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const fleet = await startFreePortDemo({ autoStart: true, prefix: 'supfleet-screens-' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  await mkdir(OUT, { recursive: true });
  // scen1 started by auto_start, and a few agent heartbeats for the charts.
  const probe = await browser.newPage();
  await probe.goto(`${fleet.baseURL}/applications/scen1`);
  await probe.getByRole('img', { name: 'Operational status: Operational' }).waitFor({ timeout: 90_000 });
  await probe.waitForTimeout(20_000);
  await probe.close();
  for (const viewport of VIEWPORTS) {
    for (const theme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport: { width: viewport.width, height: viewport.height },
        colorScheme: theme,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      for (const shot of PAGES) {
        await page.goto(fleet.baseURL + shot.path);
        await shot.ready(page);
        await page.waitForTimeout(1500);
        const file = `${OUT}${shot.name}-${theme}-${viewport.name}.png`;
        await page.screenshot({ path: file });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await fleet.stop();
}
