#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { launch, launchUrl } from './launch.mjs';

// user and token work on the server's database: the server package runs them, so that the CLI's
// own code keeps importing only protocol and core (ARCHITECTURE.md).
const group = process.argv[2];
if (group === 'serve') {
  // The server, built to plain JavaScript by `npm run build` (no tsx at run time).
  const server = new URL('../../server/dist/main.mjs', import.meta.url);
  if (!existsSync(server)) {
    process.stderr.write(
      'supfleet serve: the server is not built: run `npm run build` (or `npm run build:server`)\n',
    );
    process.exit(1);
  }
  process.argv.splice(2, 1);
  await import(server.href);
} else if (group === 'user' || group === 'token') {
  await launchUrl(new URL('../../server/src/admin-main.ts', import.meta.url));
} else {
  await launch('supfleet.ts');
}
