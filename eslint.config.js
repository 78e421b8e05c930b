// Lint rules, including the architecture: dependencies point ui → db/sync → domain, only src/db
// talks to Dexie, the domain stays pure (no React, no storage, no hidden clock or randomness),
// features do not import each other, there are no import cycles, and Prettier's format holds.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';

const layer = (files, patterns, extra = {}) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }], ...extra },
});
const ban = (group, message) => ({ group, message });
const pure = (message) => ({ message: `${message} The domain is pure: pass it in.` });

// One rule set per feature folder: it may import shared UI, db, sync and domain, never a sibling feature.
const FEATURES = readdirSync(new URL('./src/ui/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const featureRules = FEATURES.map((f) =>
  layer(
    [`src/ui/features/${f}/**`],
    [
      ban(['dexie'], 'Only src/db talks to Dexie (dexie-react-hooks is fine).'),
      ban(['**/app/**', '**/server/**', '**/sw/**'], 'Features do not import the app shell, server or service worker.'),
      ban(
        FEATURES.filter((o) => o !== f).flatMap((o) => [`../${o}`, `../${o}/**`, `**/features/${o}/**`]),
        `A feature does not import another feature: move what "${f}" needs into src/ui/components or src/ui/hooks, or wire it in src/app.`,
      ),
    ],
  ),
);

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.tmp', 'coverage', 'dev-dist'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'tsconfig.node.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Type-only imports cannot form a run-time cycle.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
    },
  },
  layer(
    ['src/domain/**'],
    [
      ban(
        ['react', 'react-dom', 'dexie', 'dexie-react-hooks', 'i18next', 'react-i18next'],
        'The domain is pure: no UI, storage or i18n.',
      ),
      ban(
        ['**/db/**', '**/ui/**', '**/app/**', '**/sync/**', '**/server/**', '**/sw/**'],
        'The domain depends on nothing else in src.',
      ),
    ],
    {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', ...pure('The domain never reads the clock.') },
        { object: 'Math', property: 'random', ...pure('The domain has no hidden randomness.') },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'indexedDB',
          'performance',
          'crypto',
          'fetch',
          'location',
        ].map((name) => ({ name, ...pure(`The domain has no "${name}".`) })),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", ...pure('`new Date()` reads the clock.') },
        { selector: "CallExpression[callee.name='Date'][arguments.length=0]", ...pure('`Date()` reads the clock.') },
      ],
    },
  ),
  layer(
    ['src/sops/**'],
    [
      ban(
        ['**/db/**', '**/ui/**', '**/app/**', '**/sync/**', '**/server/**', 'react', 'dexie'],
        'SOPs are data over the domain.',
      ),
    ],
  ),
  layer(
    ['src/auth/**', 'src/sync/**'],
    [
      ban(
        ['react', 'react-dom', '**/ui/**', '**/app/**', '**/server/**'],
        'Auth and sync are plain TypeScript under the UI.',
      ),
    ],
  ),
  layer(
    ['src/db/**'],
    [
      ban(
        ['react', 'react-dom', '**/ui/**', '**/app/**', '**/server/**', '**/sw/**'],
        'Storage knows nothing of the UI.',
      ),
    ],
  ),
  layer(
    ['src/ui/**'],
    [
      ban(['dexie'], 'Only src/db talks to Dexie (dexie-react-hooks is fine).'),
      ban(['**/app/**', '**/server/**', '**/sw/**'], 'Features do not import the app shell, server or service worker.'),
    ],
  ),
  ...featureRules,
  layer(
    ['src/server/**'],
    [
      ban(
        ['**/ui/**', '**/app/**', '**/db/**', '**/sw/**', 'react', 'dexie'],
        'Server code never imports browser code.',
      ),
    ],
  ),
  {
    files: ['test/**', '**/*.test.{ts,tsx}'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-imports': 'off' },
  },
  prettier,
);
