import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import drizzle from 'eslint-plugin-drizzle';
import tseslint from 'typescript-eslint';

export default [
  {
    ignores: [
      '.next/**',
      '.next-*/**',
      'node_modules/**',
      '.data/**',
      '.cache/**',
      'db/migrations/**',
      'playwright-report/**',
      'test-results/**',
      'next-env.d.ts',
      '*.config.mjs',
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { drizzle, '@typescript-eslint': tseslint.plugin },
    rules: {
      // Type-checked rules that catch real bugs (unhandled promises above all).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A delete or update without a WHERE clause touches every clinic's rows.
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'getDb()'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'getDb()'] }],
    },
  },
  {
    // Pages, layouts, actions, route handlers and components reach data only through lib/data,
    // where authorization, scoping and the audit live.
    files: ['app/**/*.ts', 'app/**/*.tsx', 'components/**/*.ts', 'components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/db', '@/db/*', 'drizzle-orm', 'drizzle-orm/*', 'postgres', '@electric-sql/pglite', '@electric-sql/pglite/*'],
              message: 'Go through lib/data: it checks the actor, scopes the query and writes the audit.',
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is validated once, in lib/env.ts; scripts and tests set up their own environment.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['lib/env.ts', 'scripts/**', 'test/**', 'e2e/**', '**/*.test.ts', '*.config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through a getter in lib/env.ts (validated there).' },
      ],
    },
  },
];
