#!/usr/bin/env node
// The `cchc` command. Runs the compiled CLI (dist/, built by `npm install` through the "prepare" script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('cchc: chưa biên dịch, hãy chạy "npm run build" (dist/cli/main.js is missing; run npm run build)\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
