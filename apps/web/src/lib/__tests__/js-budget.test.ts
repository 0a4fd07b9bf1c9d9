import { describe, expect, it } from 'vitest';
import { initialJs } from '../../../build/js-budget';

const chunk = (fileName: string, imports: string[], isEntry = false) => ({
  type: 'chunk' as const,
  fileName,
  isEntry,
  imports,
  code: `/* ${fileName} */ ${'x'.repeat(2000)}`,
});

describe('initialJs (the build budget)', () => {
  it('counts the entry and what it imports statically, not the lazy chunks nor the assets', () => {
    const bundle = {
      'index.js': chunk('index.js', ['react.js'], true),
      'react.js': chunk('react.js', ['runtime.js']),
      'runtime.js': chunk('runtime.js', []),
      'lazy-page.js': chunk('lazy-page.js', ['react.js']),
      'style.css': { type: 'asset' as const },
    };
    const result = initialJs(bundle);
    expect(result.files.map((f) => f.name).sort()).toEqual(['index.js', 'react.js', 'runtime.js']);
    expect(result.gzipBytes).toBe(result.files.reduce((sum, f) => sum + f.gzipBytes, 0));
    expect(result.gzipBytes).toBeGreaterThan(0);
  });
});
