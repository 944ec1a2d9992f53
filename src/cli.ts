import { runCommandLine } from './cli/main.js';

process.exit(await runCommandLine(process.argv.slice(2)));
