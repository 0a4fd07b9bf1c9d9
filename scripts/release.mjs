// `npm run release`: the artefact a user installs on a service host. Builds the web app, the
// server and the CLIs (`npm run build`), stages the package `supfleet` in dist/release/ (the
// JavaScript bundles, the built web app, the service examples, the README) and packs it with
// `npm pack`: dist/supfleet-<version>.tgz, which `npm install -g ./supfleet-<version>.tgz`
// turns into the `supfleet` and `supfleetctl` commands. Its dependencies are the npm packages
// the bundles import, at the versions this checkout runs (better-sqlite3 builds at install).
//   --no-build   pack what the last `npm run build` left
import { cp, mkdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, run } from './lib/bootstrap.mjs';
import { buildServerAndClis } from './build.mjs';

export const RELEASE_DIR = path.join(repoRoot, 'dist', 'release');

const LAUNCHERS = {
  supfleet: `#!/usr/bin/env node
if (process.argv[2] === 'serve') {
  process.argv.splice(2, 1);
  await import('../lib/server.mjs');
} else if (process.argv[2] === 'user' || process.argv[2] === 'token') {
  await import('../lib/admin.mjs');
} else {
  await import('../lib/supfleet.mjs');
}
`,
  supfleetctl: `#!/usr/bin/env node
await import('../lib/supfleetctl.mjs');
`,
};

async function installedVersion(name) {
  const file = path.join(repoRoot, 'node_modules', name, 'package.json');
  return JSON.parse(await readFile(file, 'utf8')).version;
}

/** Stages and packs the release; resolves with the tarball's path. */
export async function makeRelease({ build = true } = {}) {
  if (build) await run('npm', ['run', 'build']);
  const externals = await buildServerAndClis();
  if (!existsSync(path.join(repoRoot, 'apps/web/dist/index.html')))
    throw new Error('apps/web/dist is not built: npm run build');
  const root = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
  const server = JSON.parse(await readFile(path.join(repoRoot, 'apps/server/package.json'), 'utf8'));

  await rm(RELEASE_DIR, { recursive: true, force: true });
  await mkdir(path.join(RELEASE_DIR, 'bin'), { recursive: true });
  await mkdir(path.join(RELEASE_DIR, 'lib'), { recursive: true });
  for (const [from, to] of [
    ['apps/server/dist/main.mjs', 'lib/server.mjs'],
    ['apps/server/dist/main.mjs.map', 'lib/main.mjs.map'],
    ['apps/server/dist/admin-main.mjs', 'lib/admin.mjs'],
    ['apps/server/dist/admin-main.mjs.map', 'lib/admin-main.mjs.map'],
    ['apps/cli/dist/supfleet.mjs', 'lib/supfleet.mjs'],
    ['apps/cli/dist/supfleet.mjs.map', 'lib/supfleet.mjs.map'],
    ['apps/cli/dist/supfleetctl.mjs', 'lib/supfleetctl.mjs'],
    ['apps/cli/dist/supfleetctl.mjs.map', 'lib/supfleetctl.mjs.map'],
    ['apps/web/dist', 'web'],
    ['examples/systemd', 'examples/systemd'],
    ['examples/supervisord', 'examples/supervisord'],
    ['examples/grafana', 'examples/grafana'],
    ['README.md', 'README.md'],
  ]) {
    if (existsSync(path.join(repoRoot, from)))
      await cp(path.join(repoRoot, from), path.join(RELEASE_DIR, to), { recursive: true });
  }
  for (const [name, text] of Object.entries(LAUNCHERS)) {
    const file = path.join(RELEASE_DIR, 'bin', `${name}.mjs`);
    await writeFile(file, text);
    await chmod(file, 0o755);
  }
  const dependencies = {};
  for (const name of externals) dependencies[name] = `^${await installedVersion(name)}`;
  const manifest = {
    name: 'supfleet',
    version: server.version,
    description: root.description,
    type: 'module',
    license: root.license ?? 'UNLICENSED',
    engines: root.engines,
    bin: { supfleet: 'bin/supfleet.mjs', supfleetctl: 'bin/supfleetctl.mjs' },
    files: ['bin', 'lib', 'web', 'examples', 'README.md'],
    dependencies,
  };
  await writeFile(path.join(RELEASE_DIR, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run('npm', ['pack', '--pack-destination', path.join(repoRoot, 'dist')], { cwd: RELEASE_DIR });
  return path.join(repoRoot, 'dist', `supfleet-${manifest.version}.tgz`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const tarball = await makeRelease({ build: !process.argv.includes('--no-build') });
    console.log(`release: ${path.relative(process.cwd(), tarball)}`);
  } catch (error) {
    console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
