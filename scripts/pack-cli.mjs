// Packs the CLI as users install it without cloning: an npm package of the bundled dist/cli.js
// (self-contained: it imports Node's builtins alone) with the README, LICENSE and CHANGELOG, whose
// package.json names no dependencies, so installing it fetches nothing more. The release workflow
// attaches it to the GitHub release. package.json's own dependencies are what the bundle is built
// from, not what the package needs. Usage:
//   node scripts/pack-cli.mjs <destination folder>    (prints the tarball's path)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the package holds besides its package.json. */
const SHIPPED = ['dist/cli.js', 'README.md', 'LICENSE', 'CHANGELOG.md'];
/** package.json's fields the package keeps: no scripts, no dependencies of any kind. */
const FIELDS = ['name', 'version', 'description', 'type', 'private', 'license', 'engines', 'bin'];

const [destination] = process.argv.slice(2);
if (destination === undefined) fail('usage: pack-cli.mjs <destination folder>');
const root = fileURLToPath(new URL('..', import.meta.url));
const project = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = Object.fromEntries(FIELDS.filter((f) => f in project).map((f) => [f, project[f]]));

const stage = mkdtempSync(join(tmpdir(), 'nicgate-pack-'));
try {
  for (const file of SHIPPED) {
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    copyFileSync(join(root, file), join(stage, file));
  }
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const out = resolve(destination);
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], {
    cwd: stage,
    encoding: 'utf8',
  });
  process.stdout.write(`${join(out, JSON.parse(packed)[0].filename)}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

function fail(message) {
  process.stderr.write(`pack-cli: ${message}\n`);
  process.exit(2);
}
