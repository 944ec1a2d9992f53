// Output files are written atomically (a temporary file beside them, renamed over them), so the
// check before a run must ask whether the directory takes a new file, not whether an existing file
// is writable. Root may write anywhere, so under root the check runs as `nobody` in a child process
// (under any other user, as that user): the real check, bundled from the sources, against a real
// directory and a real file.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let dir: string;
let script: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-output-parent-'));
  chmodSync(dir, 0o755);
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `import { checkOutputFile } from ${JSON.stringify(resolve('src/config/paths.ts'))};`,
      `import { hostPaths } from ${JSON.stringify(resolve('src/config/host-paths.ts'))};`,
      'try {',
      "  checkOutputFile('--out', process.argv[2]!, hostPaths);",
      "  console.log('accepted');",
      '} catch (error) {',
      '  console.log((error as Error).message);',
      '}',
    ].join('\n'),
  );
  script = join(dir, 'check.cjs');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'error',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a user who is not root is told about `path`: `nobody` when the tests run as root. */
function checkAsUser(path: string): string {
  const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const run = spawnSync(process.execPath, [script, path], { ...user, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`check failed: ${run.stderr}`);
  return run.stdout.trim();
}

describe('checkOutputFile for a user who is not root', () => {
  it('refuses an existing writable file in a directory it cannot write', () => {
    const closed = mkdtempSync(join(dir, 'closed-'));
    const results = join(closed, 'results.json');
    writeFileSync(results, '{}\n');
    chmodSync(results, 0o666);
    // Not writable by its owner either, so the test holds under any user but root.
    chmodSync(closed, 0o555);
    try {
      expect(checkAsUser(results)).toBe(
        `--out: "${results}" cannot be written by this user: ${closed} is not writable`,
      );
    } finally {
      chmodSync(closed, 0o755);
    }
  });

  it('accepts a new file in a directory it can write', () => {
    const open = mkdtempSync(join(dir, 'open-'));
    chmodSync(open, 0o777);
    expect(checkAsUser(join(open, 'results.json'))).toBe('accepted');
  });
});
