// The paired gate's outputs (--base-out, --verdicts-out) are written at the end of a job: they are
// checked before the base is read or anything boots (issue 26, section 4). Real git, real paths.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { gateRun } from './gate-run.js';

let repo: GitFixture;
let scratch: string;
beforeEach(() => {
  repo = makeGitRepo();
  repo.write('README', 'x\n');
  repo.commit('first');
  scratch = mkdtempSync(join(tmpdir(), 'nicgate-paired-out-'));
});
afterEach(() => {
  repo.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** The gate with these paired flags; nothing may be measured (a run would be a failure of the check). */
async function refusal(flags: Record<string, string>): Promise<string> {
  const raw = { out: join(scratch, 'results.json'), 'work-dir': join(scratch, 'work'), nic: 'e1000' };
  const error = await gateRun(repo.dir, raw, flags, () =>
    Promise.reject(new Error('measured: the outputs were not checked first')),
  ).then(
    () => new Error('accepted'),
    (caught: unknown) => caught as Error,
  );
  return error.message;
}

describe('the paired gate', () => {
  it("refuses the base side's own image without the head's, before reading the base", async () => {
    expect(await refusal({ 'base-image': join(scratch, 'base.qcow2') })).toBe(
      `--base-image: "${join(scratch, 'base.qcow2')}" needs --image too: it is the base side's own image`,
    );
  });

  it('refuses a base-out it could not write, before reading the base', async () => {
    expect(await refusal({ 'base-out': '/proc/self/base.json' })).toBe(
      '--base-out: "/proc/self/base.json" is under /proc, where nicgate never reads or writes',
    );
    expect(await refusal({ 'base-out': join(scratch, 'missing', 'base.json') })).toContain(
      'is in a directory that does not exist',
    );
    expect(await refusal({ 'base-out': join(scratch, 'results.json') })).toContain(
      "is the head's results file",
    );
  });

  it('refuses a verdicts-out it could not write', async () => {
    expect(await refusal({ 'verdicts-out': scratch })).toBe(
      `--verdicts-out: "${scratch}" is a directory; name a file inside it`,
    );
    expect(await refusal({ 'verdicts-out': '/' })).toBe('--verdicts-out: "/" is the root directory');
  });
});
