import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The engine and the calendar are pure: no node built-ins, no database, HTTP, mail or
// file libraries. Time comes in as an argument. This rule keeps it that way.
const ioModules = {
  patterns: [
    { group: ['node:*'], message: 'The engine and calendar are pure: no node built-ins.' },
    {
      group: [
        'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'worker_threads', 'stream', 'url',
        'kysely', 'kysely/*', 'better-sqlite3', 'pg', 'pg-*', 'fastify', 'fastify/*', '@fastify/*',
        'nodemailer', 'nodemailer/*', 'pino', 'undici', 'axios',
        '**/store/**', '**/runtime/**', '**/http/**', '**/cli/**', '**/connectors/**', '**/crm/**',
      ],
      message: 'The engine and calendar are pure: IO belongs in store/runtime/connectors.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.tmp/**', 'dist/**', 'web/dist/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/engine/**/*.ts', 'src/calendar/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', ioModules],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'No process access in the pure core.' },
        { name: 'setTimeout', message: 'No timers in the pure core: time is an argument.' },
        { name: 'setInterval', message: 'No timers in the pure core: time is an argument.' },
        { name: 'fetch', message: 'No network in the pure core.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Time is an argument in the pure core.' },
      ],
    },
  },
);
