import { defineConfig } from 'vitest/config';

const integration = ['**/__tests__/**/*.integration.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/__tests__/**/*.test.ts', 'apps/*/src/**/__tests__/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...integration],
        },
      },
      {
        test: {
          name: 'integration',
          include: integration,
          exclude: ['**/node_modules/**'],
          // Each file starts real supervisord processes; two cores do not take many at once.
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
