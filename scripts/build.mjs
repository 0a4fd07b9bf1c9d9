// `npm run build:server` (and the second half of `npm run build`): the server and the two CLIs as
// plain JavaScript, so that running them needs Node.js only (no tsx). esbuild bundles our
// workspace packages (TypeScript sources) into each entry and leaves the npm dependencies as
// imports, resolved from node_modules at run time (better-sqlite3 is native: it cannot be bundled).
//
//   apps/server/dist/main.mjs       the server (`supfleet serve`, `npm start`)
//   apps/server/dist/admin-main.mjs `supfleet user|token` (the server's database)
//   apps/cli/dist/supfleet.mjs      `supfleet rules check|show`
//   apps/cli/dist/supfleetctl.mjs   `supfleetctl`
//
// Prints the npm packages each bundle imports (the release's dependencies) with --list-externals.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const ENTRIES = [
  { entry: 'apps/server/src/main.ts', out: 'apps/server/dist/main.mjs' },
  { entry: 'apps/server/src/admin-main.ts', out: 'apps/server/dist/admin-main.mjs' },
  { entry: 'apps/cli/src/supfleet.ts', out: 'apps/cli/dist/supfleet.mjs' },
  { entry: 'apps/cli/src/supfleetctl.ts', out: 'apps/cli/dist/supfleetctl.mjs' },
];

const BUILTIN = new Set(builtinModules);

/** Bare imports stay imports, but for our own workspace packages, which are bundled. */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@supfleet/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** The npm package a bare import names: `pino`, `@scope/name`. */
export function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Builds every entry; resolves with the npm packages they import at run time. */
export async function buildServerAndClis() {
  const externals = new Set();
  for (const { entry, out } of ENTRIES) {
    const result = await build({
      absWorkingDir: repoRoot,
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      metafile: true,
      logLevel: 'warning',
      plugins: [externalNpmPackages],
      // Some CommonJS code may still call require(): give the ES module one.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
      },
    });
    for (const output of Object.values(result.metafile.outputs)) {
      for (const imported of output.imports) {
        if (!imported.external || imported.path.startsWith('node:') || BUILTIN.has(imported.path)) continue;
        externals.add(packageOf(imported.path));
      }
    }
  }
  return [...externals].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const externals = await buildServerAndClis();
  console.log(
    `built ${ENTRIES.map((e) => e.out).join(', ')} in ${Math.round(performance.now() - started)} ms`,
  );
  if (process.argv.includes('--list-externals')) console.log(externals.join('\n'));
}
