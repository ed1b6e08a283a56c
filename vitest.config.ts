import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the web client's path aliases (web/vite.config.ts), for its unit tests
  resolve: {
    alias: [
      { find: /^@core\//u, replacement: fileURLToPath(new URL('./src/core/', import.meta.url)) },
      { find: /^@shared\//u, replacement: fileURLToPath(new URL('./src/shared/', import.meta.url)) },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts', 'web/src/**/*.test.ts'],
    environment: 'node',
    // once per run: a migrated empty database per engine, which the files' test databases are copied from
    globalSetup: ['src/test-support/global-setup.ts'],
    testTimeout: 20_000,
    // a fresh database takes seconds on a busy machine (two engines, two cores)
    hookTimeout: 60_000,
    // two files at a time even on two cores (vitest's default would be one): much of a file's time is spent waiting
    // on PostgreSQL, chromium or LibreOffice, each in its own process
    maxWorkers: 2,
    // a worker process runs file after file with its module cache kept: importing the server, PGlite and the documents'
    // libraries once per worker rather than once per file saves minutes of CPU. Files do not share state through
    // modules: databases, servers and browsers are made per file and closed in its afterAll
    isolate: false,
  },
});
