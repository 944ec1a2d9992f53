import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createScratchDir } from '../../src/engine/scratch.js';
import { Ledger } from '../../src/net/ledger.js';
import { isScratchOf } from '../../src/net/ledger-schema.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-scratch-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createScratchDir', () => {
  it('makes a fresh 0700 directory with an unguessable name (mkdtemp), recorded in the ledger', async () => {
    const ledger = new Ledger(join(dir, 'state'), 'abc123');
    // A directory planted under the predictable name is not used.
    mkdirSync(join(dir, 'nicgate-abc123'));
    const scratch = await createScratchDir(ledger, [join(dir, 'missing'), dir]);
    expect(dirname(scratch)).toBe(dir);
    expect(basename(scratch)).toMatch(/^nicgate-abc123-[A-Za-z0-9]{6}$/);
    expect(statSync(scratch).mode & 0o777).toBe(0o700);
    expect(ledger.data.scratchDir).toBe(scratch);
    expect(isScratchOf('abc123', scratch, [dir])).toBe(true);
  });

  it('creates nothing once teardown has begun', async () => {
    const ledger = new Ledger(join(dir, 'state'), 'abc123');
    await ledger.seal();
    await expect(createScratchDir(ledger, [dir])).rejects.toThrow('being torn down');
  });
});
