// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import edges of ARCHITECTURE.md: what each package may not import. */
const boundaries = [
  {
    files: ['packages/protocol/src/**'],
    banned: [
      '@supfleet/core',
      '@supfleet/supervisor-client',
      '@supfleet/server',
      '@supfleet/web',
      '@supfleet/cli',
    ],
  },
  {
    files: ['packages/core/src/**'],
    banned: ['@supfleet/supervisor-client', '@supfleet/server', '@supfleet/web', '@supfleet/cli'],
    noNode: true,
  },
  {
    files: ['packages/supervisor-client/src/**'],
    banned: ['@supfleet/protocol', '@supfleet/core', '@supfleet/server', '@supfleet/web', '@supfleet/cli'],
  },
  {
    files: ['apps/web/src/**'],
    banned: ['@supfleet/supervisor-client', '@supfleet/server', '@supfleet/cli'],
  },
  {
    files: ['apps/cli/src/**'],
    banned: ['@supfleet/supervisor-client', '@supfleet/server', '@supfleet/web'],
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.demo/**', '.tmp/**', 'test-results/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  ...boundaries.map(({ files, banned, noNode }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: banned.flatMap((name) => [name, `${name}/*`]),
              message: 'This import crosses a package boundary (ARCHITECTURE.md).',
            },
            ...(noNode ? [{ group: ['node:*'], message: 'core does no I/O: no node:* imports.' }] : []),
          ],
        },
      ],
    },
  })),
);
