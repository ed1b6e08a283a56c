/** Entry point: `node dist/cli/run.js …` (and `node --import tsx src/cli/run.ts …` in tests). */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
