// Bundles each shipped entry point into one self-contained ESM file under dist/ (committed: the
// Action runs it). `node scripts/bundle.mjs bench` bundles the benchmark into build/ instead: it
// is a development tool, not part of what the Action ships.
// The banner gives bundled CommonJS dependencies the `require` they expect. Node 18 is the target:
// the CLI runs on it (Debian 12's nodejs, package.json's engines), the Action on the runner's node24.
import { build } from 'esbuild';

const shipped = {
  'dist/index.js': 'src/index.ts',
  'dist/post.js': 'src/post.ts',
  'dist/cli.js': 'src/cli.ts',
};
const benchmark = { 'build/bench.js': 'bench/bench.ts' };
const executable = new Set(['dist/cli.js', 'build/bench.js']);

const entries = process.argv.includes('bench') ? benchmark : shipped;
for (const [outfile, entry] of Object.entries(entries)) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    banner: {
      js: [
        executable.has(outfile) ? '#!/usr/bin/env node' : '',
        "import { createRequire as __nicgateCreateRequire } from 'node:module';",
        'const require = __nicgateCreateRequire(import.meta.url);',
      ]
        .filter(Boolean)
        .join('\n'),
    },
  });
}
