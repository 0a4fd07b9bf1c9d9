import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** What the page needs before it can render: its entry chunk and every chunk imported statically. */
export interface InitialJs {
  files: { name: string; gzipBytes: number }[];
  gzipBytes: number;
}

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  isEntry: boolean;
  imports: readonly string[];
  code: string;
}

/** Sums the gzip size of the entry chunks and of what they import statically (lazy chunks excluded). */
export function initialJs(bundle: Record<string, ChunkLike | { type: 'asset' }>): InitialJs {
  const chunks = new Map<string, ChunkLike>();
  for (const item of Object.values(bundle)) if (item.type === 'chunk') chunks.set(item.fileName, item);
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    if (seen.has(fileName)) return;
    seen.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  const files = [...seen]
    .map((name) => ({ name, gzipBytes: gzipSync(chunks.get(name)?.code ?? '', { level: 9 }).length }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

/**
 * Fails the build when the initial JS is over `budgetKb` (1 kB = 1000 bytes, as Vite prints
 * sizes), and prints it either way: the page must stay quick to load on a slow link.
 */
export function jsBudget(budgetKb: number): Plugin {
  return {
    name: 'supfleet:js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const initial = initialJs(bundle);
      const kb = (bytes: number) => (bytes / 1000).toFixed(2);
      const detail = initial.files.map((f) => `${f.name} ${kb(f.gzipBytes)}`).join(', ');
      const line = `initial JS ${kb(initial.gzipBytes)} kB gzip (budget ${budgetKb} kB): ${detail}`;
      if (initial.gzipBytes > budgetKb * 1000) this.error(`over budget: ${line}`);
      this.info(line);
    },
  };
}
