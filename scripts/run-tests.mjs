#!/usr/bin/env node
// `npm test`: type-check (server and web client), lint (ESLint), check formatting (Prettier), build the web client the
// browser tests load, run every vitest test, and close with one plain line "N passed, N failed, N skipped" (read by
// CI), where a failed check counts as one failure. Exits non-zero when any check or test fails.
//
// The web build comes first (the browser tests need it). Then vitest runs, and beside it, one after another and at a
// lower CPU priority, the type-checks, ESLint and Prettier: the tests spend much of their time waiting on PostgreSQL,
// chromium and LibreOffice, and the checks use the cores meanwhile. The checks' output is printed when they end.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';

const bin = (name) => `node_modules/.bin/${name}`;

const build = spawnSync(bin('vite'), ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' }).status ?? 1;
if (build !== 0) {
  console.log('web build failed');
  console.log('0 passed, 1 failed');
  process.exit(build);
}

/** Runs a command; resolves with its exit status and, when `quiet`, its output. */
function run(cmd, args, { quiet = false, nice = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (nice && child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // not allowed here: the check runs at normal priority
      }
    }
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ status: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ status: code ?? 1, output }));
  });
}

const CHECKS = [
  ['type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  // the server as `npm run build` compiles it: without the tests, whose browser files bring the DOM's types in
  ['build type-check', bin('tsc'), ['-p', 'tsconfig.build.json', '--noEmit']],
  ['web type-check', bin('tsc'), ['-p', 'web/tsconfig.json']],
  ['lint (eslint)', bin('eslint'), ['--max-warnings', '0', '.']],
  ['formatting (prettier --check; run "npx prettier --write ." to fix)', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
];

async function checks() {
  const failed = [];
  const outputs = [];
  for (const [what, cmd, args] of CHECKS) {
    const { status, output } = await run(cmd, args, { quiet: true, nice: true });
    if (status !== 0) failed.push(what);
    if (output.trim() !== '') outputs.push(`── ${what} ──\n${output}`);
  }
  return { failed, outputs };
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const [tests, checked] = await Promise.all([
  run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...process.argv.slice(2)]),
  checks(),
]);

for (const output of checked.outputs) console.log(output);
for (const what of checked.failed) console.log(`${what} failed`);
if (checked.failed.length === 0) console.log('type-checks, ESLint and Prettier: no problems');
const failedChecks = checked.failed.length;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests + failedChecks} failed, ${skipped} skipped`);
} else {
  console.log(`\n0 passed, ${1 + failedChecks} failed`);
}
process.exit(tests.status !== 0 ? tests.status : failedChecks > 0 ? 1 : 0);
