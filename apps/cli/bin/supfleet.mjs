#!/usr/bin/env node
import { launch, launchUrl } from './launch.mjs';

// user and token work on the server's database: the server package runs them, so that the CLI's
// own code keeps importing only protocol and core (ARCHITECTURE.md).
const group = process.argv[2];
if (group === 'user' || group === 'token') {
  await launchUrl(new URL('../../server/src/admin-main.ts', import.meta.url));
} else {
  await launch('supfleet.ts');
}
