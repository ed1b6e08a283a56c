#!/usr/bin/env node
// `npm test`: type-check, lint (ESLint), check formatting (Prettier), run every vitest test, and close with one plain line "N passed, N failed, N skipped"
// (read by CI). Exits non-zero when the type-check or any test fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

// type-check the server and the web client, lint, check the formatting, and build the client the browser tests load
for (const [what, cmd, args] of [
  ['type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['web type-check', bin('tsc'), ['-p', 'web/tsconfig.json']],
  ['lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.']],
  ['formatting (prettier --check; run "npx prettier --write ." to fix)', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['web build', bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']],
]) {
  const status = run(cmd, args);
  if (status !== 0) {
    console.log(`${what} failed`);
    console.log('0 passed, 1 failed');
    process.exit(status);
  }
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...process.argv.slice(2)]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
} else {
  console.log('\n0 passed, 1 failed');
}
process.exit(status);
