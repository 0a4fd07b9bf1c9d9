// `npm run test:e2e`: the browser tests on Debian's Chromium, against a freshly built web app.
// Extra arguments go to Playwright: `npm run test:e2e -- --grep restart`.
import { ensureTestTools, run } from './lib/bootstrap.mjs';

try {
  await ensureTestTools();
  await run('npm', ['run', 'build']);
  await run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
} catch (error) {
  console.error(`test:e2e: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
