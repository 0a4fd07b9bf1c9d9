// `npm run test:e2e`: the browser tests on Debian's Chromium, against a freshly built web app.
// Extra arguments go to Playwright: `npm run test:e2e -- --grep restart`.
import {
  ensureChromium,
  ensureNginx,
  ensureNpmDependencies,
  ensurePostgres,
  ensureSupervisor,
  run,
} from './lib/bootstrap.mjs';

try {
  await ensureNpmDependencies();
  await ensureSupervisor();
  await ensureChromium();
  // The test behind a load balancer: two replicas on a throwaway PostgreSQL, behind nginx.
  await ensurePostgres();
  await ensureNginx();
  await run('npm', ['run', 'build']);
  await run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
} catch (error) {
  console.error(`test:e2e: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
