/** `cchc` from the TypeScript sources (run by node --import tsx): the benches' server without a build of dist/. */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
