// `nicgate compare` on files: a baseline directory that is not there, baseline files that are not
// baselines, and two single runs judged repetition against repetition.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandLine } from '../../src/cli/main.js';
import { results, scenario } from '../baseline/sample-results.js';
import { capture } from './capture-io.js';

const KEY = 'linux/e1000/stock/lan/send';

let dir: string;
let head: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nicgate-compare-'));
  head = join(dir, 'head.json');
  await writeFile(head, JSON.stringify(results([scenario(KEY, [80e6, 81e6, 79e6, 80e6, 82e6])])));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function compare(...args: string[]) {
  const io = capture();
  const code = await runCommandLine(['compare', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('compare --baseline-dir', () => {
  it('exits 2 naming --baseline-dir when the directory does not exist, before anything else', async () => {
    const missing = join(dir, 'baselines');
    // Not even the results file is read first: it does not exist either.
    const run = await compare(
      '--results',
      join(dir, 'no-results.json'),
      '--baseline-dir',
      missing,
      '--branch',
      'main',
    );
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `nicgate: --baseline-dir: "${missing}" does not exist (nicgate record --baseline-dir creates it)\n`,
    });
  });

  it('exits 2 when it is a file, quoting it', async () => {
    const run = await compare('--results', head, '--baseline-dir', head, '--branch', 'main');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`nicgate: --baseline-dir: "${head}" is a file, not a directory\n`);
  });

  it('quotes a directory name with control characters escaped', async () => {
    const odd = join(dir, 'new\u001b[2Jline');
    const run = await compare('--results', head, '--baseline-dir', odd, '--branch', 'main');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--baseline-dir: "${dir}/new\\u001b[2Jline" does not exist`);
  });
});

describe('compare --baseline with a file that is no baseline', () => {
  it.each([
    ['not JSON', 'not json {', 'is not valid JSON'],
    ['a wrong schema', JSON.stringify({ schemaVersion: 1, runs: 'x' }), 'is not a valid baseline file at'],
    [
      'neither kind',
      JSON.stringify({ a: 1 }),
      'is neither a nicgate baseline (no "runs") nor a results file',
    ],
  ])('exits 2 naming --baseline and the file: %s', async (_, text, reason) => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, text);
    const run = await compare('--results', head, '--baseline', bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`^nicgate: --baseline: "${bad}" ${reason.replace(/[()]/g, '\\$&')}`),
    );
  });
});

describe('compare --baseline with two single runs', () => {
  const baseline = async (samples: number[]): Promise<string> => {
    const path = join(dir, 'base.json');
    await writeFile(path, JSON.stringify(results([scenario(KEY, samples)])));
    return path;
  };

  it('exits 1 on a large, consistent drop: a regression, in the table and the verdicts file', async () => {
    const out = join(dir, 'verdicts.json');
    const run = await compare(
      '--results',
      head,
      '--baseline',
      await baseline([100e6, 101e6, 99e6, 100e6, 102e6]),
      '--out',
      out,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'single runs: every repetition of this run lies more than the 4.0% threshold below',
    );
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({
      regressed: true,
      verdicts: [{ kind: 'regression' }],
    });
  });

  it('exits 0 on a large, consistent rise: an improvement', async () => {
    const run = await compare('--results', head, '--baseline', await baseline([60e6, 61e6, 59e6]));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('improvement');
  });

  it('is inconclusive within the threshold: exit 0, or 1 with --on-inconclusive fail', async () => {
    const same = await baseline([80e6, 80.5e6, 79.5e6]);
    const run = await compare('--results', head, '--baseline', same);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cannot show that nothing changed');
    expect((await compare('--results', head, '--baseline', same, '--on-inconclusive', 'fail')).code).toBe(1);
  });

  it('is inconclusive where the repetitions overlap, with the hint', async () => {
    const run = await compare('--results', head, '--baseline', await baseline([70e6, 95e6]));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('that the repetitions do not settle');
    expect(run.stdout).toContain(
      'record more runs (the stored rule needs 10) or measure both sides in one job',
    );
  });
});
