import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[];
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(entry) ? [path] : [];
  });
}

/** The package a bare import names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g;

describe('every workspace package declares what it imports (no reliance on hoisting)', () => {
  const root = manifest('.');
  for (const workspace of root.workspaces ?? []) {
    it(workspace, () => {
      const own = manifest(workspace);
      const runtime = new Set(Object.keys(own.dependencies ?? {}));
      const forTests = new Set([
        ...runtime,
        ...Object.keys(own.devDependencies ?? {}),
        ...Object.keys(root.devDependencies ?? {}),
      ]);
      const missing = new Set<string>();
      for (const file of sources(join(ROOT, workspace, 'src'))) {
        const test = /__tests__|[\\/]testing[\\/]/.test(file);
        for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
          const name = packageOf(match[1] ?? match[2] ?? '');
          if (name === null || name === own.name) continue;
          if (!(test ? forTests : runtime).has(name)) missing.add(`${name} (${file.slice(ROOT.length)})`);
        }
      }
      expect([...missing]).toEqual([]);
    });
  }
});
