#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { launch } from './launch.mjs';

if (process.argv[2] === 'serve') {
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
} else {
  await launch('supfleet.ts');
}
