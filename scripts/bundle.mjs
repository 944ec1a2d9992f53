// Bundles each entry point into one self-contained ESM file under dist/.
// The banner gives bundled CommonJS dependencies the `require` they expect.
import { build } from 'esbuild';

const entries = { index: 'src/index.ts', post: 'src/post.ts', cli: 'src/cli.ts', bench: 'bench/bench.ts' };
for (const [name, entry] of Object.entries(entries)) {
  await build({
    entryPoints: [entry],
    outfile: `dist/${name}.js`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    legalComments: 'none',
    logLevel: 'warning',
    banner: {
      js: [
        name === 'cli' || name === 'bench' ? '#!/usr/bin/env node' : '',
        "import { createRequire as __nicgateCreateRequire } from 'node:module';",
        'const require = __nicgateCreateRequire(import.meta.url);',
      ]
        .filter(Boolean)
        .join('\n'),
    },
  });
}
