// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

export default tseslint.config(
  { ignores: ['dist/**', '**/dist/**', 'coverage/**', 'node_modules/**', 'bench/results/**', '.servers/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['test/*.js'], languageOptions: { globals: { jest: 'readonly' } } },
  {
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: ['@acb/*/*'], message: 'Import another lib through its package root (@acb/<lib>).' }] }],
    },
  },
  // Every import must be declared in the nearest package.json: a library's own (libs/<lib>/package.json: dependencies
  // and peer dependencies only) for its published sources, the root one (dev dependencies too) for apps, tests, bench.
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/core-modules': [], 'import-x/internal-regex': '^$' },
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: true, peerDependencies: true, optionalDependencies: true, includeTypes: true, packageDir: root }],
    },
  },
  {
    files: ['libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: false, peerDependencies: true, optionalDependencies: false, includeTypes: true }],
    },
  },
);
