import { defineConfig } from '@playwright/test';

// Browser tests against the real server and real supervisord (e2e/support/demo-fleet.ts). One
// worker: the demo fleet uses fixed supervisord ports, and the machine has two cores.
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  reporter: 'list',
  outputDir: 'test-results',
  forbidOnly: Boolean(process.env.CI),
  use: {
    // Debian's Chromium: no browser download, and the same binary in CI as on a workstation.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
