// Lint rules, including the architecture: dependencies point ui → db/sync → domain, only src/db
// talks to Dexie, the domain stays pure (no React, no storage, no hidden clock).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, extra = {}) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }], ...extra },
});
const ban = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.tmp', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  layer(['src/domain/**'], [
    ban(['react', 'react-dom', 'dexie', 'dexie-react-hooks', 'i18next', 'react-i18next'], 'The domain is pure: no UI, storage or i18n.'),
    ban(['**/db/**', '**/ui/**', '**/app/**', '**/sync/**', '**/server/**', '**/sw/**'], 'The domain depends on nothing else in src.'),
  ], {
    'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass the time in: the domain never reads the clock.' }],
    'no-restricted-globals': ['error', { name: 'window', message: 'The domain has no window.' }, { name: 'localStorage', message: 'No storage in the domain.' }],
  }),
  layer(['src/sops/**'], [ban(['**/db/**', '**/ui/**', '**/app/**', '**/sync/**', '**/server/**', 'react', 'dexie'], 'SOPs are data over the domain.')]),
  layer(['src/auth/**', 'src/sync/**'], [ban(['react', 'react-dom', '**/ui/**', '**/app/**', '**/server/**'], 'Auth and sync are plain TypeScript under the UI.')]),
  layer(['src/db/**'], [ban(['react', 'react-dom', '**/ui/**', '**/app/**', '**/server/**', '**/sw/**'], 'Storage knows nothing of the UI.')]),
  layer(['src/ui/**'], [
    ban(['dexie'], 'Only src/db talks to Dexie (dexie-react-hooks is fine).'),
    ban(['**/app/**', '**/server/**', '**/sw/**'], 'Features do not import the app shell, server or service worker.'),
  ]),
  layer(['src/server/**'], [ban(['**/ui/**', '**/app/**', '**/db/**', '**/sw/**', 'react', 'dexie'], 'Server code never imports browser code.')]),
  {
    files: ['test/**', '**/*.test.{ts,tsx}'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
