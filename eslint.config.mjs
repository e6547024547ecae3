import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Packages that only a server may load: storage, queues, the web framework, the apps themselves.
const SERVER_PACKAGES = [
  'typeorm',
  'pg',
  'bullmq',
  'ioredis',
  '@nestjs/*',
  'socket.io',
  '@vigil/data',
  '@vigil/api',
  '@vigil/workers',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'apps/web/build/**',
      'apps/web/.svelte-kit/**',
      '.vigil/**',
      // Generated lexicon and model weights (see their generator scripts).
      'packages/engine/src/sentiment/data/*.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: {
      // The dashboard is served at the origin's root (no paths.base), so links need no resolve().
      'svelte/no-navigation-without-resolve': 'off',
      // Rune state holding collections is $state.raw and replaced, never mutated in place.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['apps/web/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The layout's boundaries: the engine, contracts and simulator stay free of servers and storage
  // (the API, the workers, the CLI and the browser all load them), and the web app of server packages.
  {
    files: ['packages/{contracts,engine,simulator}/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: SERVER_PACKAGES,
              message:
                'contracts, engine and simulator are pure libraries: no database, queue or server imports.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '@vigil/*'],
              message:
                'contracts are loaded by the browser too: only browser-safe modules, and no other package.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // The engine and simulator are pure but large: the browser gets scores from the API.
              group: [...SERVER_PACKAGES, 'node:*', '@vigil/engine', '@vigil/simulator'],
              message: 'the web app talks to the API; server packages stay on the server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'apps/workers/bin/*.js', 'jest.config.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { sourceType: 'commonjs' },
  },
);
