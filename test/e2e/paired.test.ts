// The paired gate end to end on real guests: `nicgate run --base-ref` in a real git repository
// measures the base commit's profile against the working tree's, interleaved, and judges the
// pairs. A/A (the same profile, measured anyway) is not a regression; send buffers capped at
// 64 KiB in the working tree are.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { runCli, SHARED_WORK_DIR } from './harness.js';
import { GOOD_PROFILE, WORSE_PROFILE } from './profiles.js';

const KEY = 'linux/virtio-net-pci/tuning/rtt50ms/send';

interface VerdictLike {
  key: string;
  kind: string;
  reason: string;
  basis?: string;
  relativeChange?: number;
  pairs?: { used: number; dropped: { block: number; reason: string }[] };
}

let repo: GitFixture;
let base: string;
beforeAll(() => {
  repo = makeGitRepo();
  repo.write('tuning.conf', GOOD_PROFILE);
  base = repo.commit('tuned profile');
});
afterAll(() => repo.remove());

async function pairedRun(
  extra: string[],
): Promise<{ code: number | null; stdout: string; verdict: VerdictLike }> {
  const verdicts = join(repo.dir, 'verdicts.json');
  const run = await runCli(
    [
      'run',
      '--base-ref',
      base,
      '--nic',
      'virtio-net-pci',
      '--profile',
      'tuning.conf',
      '--link',
      'rtt=50ms',
      '--accel',
      'tcg',
      '--pairs',
      '7',
      '--work-dir',
      SHARED_WORK_DIR,
      '--out',
      join(repo.dir, 'results.json'),
      '--verdicts-out',
      verdicts,
      ...extra,
    ],
    { cwd: repo.dir },
  );
  const file = JSON.parse(readFileSync(verdicts, 'utf8')) as { verdicts: VerdictLike[]; paired?: unknown };
  expect(file.paired).toMatchObject({ baseCommit: base, pairs: 7 });
  const verdict = file.verdicts.find((v) => v.key === KEY)!;
  console.log(`${extra.join(' ') || 'capped head'}: ${verdict.kind} (${verdict.reason})`);
  return { code: run.code, stdout: run.stdout, verdict };
}

describe('nicgate run --base-ref', () => {
  it('reads an unchanged profile as inputs unchanged, and an A/A run measured anyway is not a regression', async () => {
    const skipped = await runCli(
      [
        'run',
        '--base-ref',
        base,
        '--nic',
        'virtio-net-pci',
        '--profile',
        'tuning.conf',
        '--accel',
        'tcg',
        '--work-dir',
        SHARED_WORK_DIR,
        '--out',
        join(repo.dir, 'skip.json'),
      ],
      { cwd: repo.dir },
    );
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('inputs-unchanged');

    const aa = await pairedRun(['--always-measure']);
    expect(aa.code).toBe(0);
    expect(aa.verdict.basis).toBe('paired');
    expect(aa.verdict.kind).not.toBe('regression');
    // At least the pairs asked for; more when a replacement block ran and the block it replaced no
    // longer looks disturbed beside the later ones (the rule compares each block with the others).
    expect(aa.verdict.pairs!.used).toBeGreaterThanOrEqual(7);
    // Both sides' blocks are in the results files, in the seeded order.
    const head = JSON.parse(readFileSync(join(repo.dir, 'results.json'), 'utf8'));
    const baseSide = JSON.parse(readFileSync(join(repo.dir, 'results.base.json'), 'utf8'));
    expect(head.side).toEqual({ role: 'head', commit: base });
    expect(baseSide.side).toEqual({ role: 'base', commit: base });
    expect(head.scenarios[0].pairedBlocks.length).toBeGreaterThanOrEqual(7);
    const kept = head.scenarios[0].pairedBlocks.filter((b: { dropped?: string }) => b.dropped === undefined);
    expect(kept).toHaveLength(aa.verdict.pairs!.used);
    expect(head.scenarios[0].pairedBlocks[0].order).toMatch(/^(ABBA|BAAB)$/);
  });

  it('finds a regression when the working tree caps the send buffers', async () => {
    writeFileSync(join(repo.dir, 'tuning.conf'), WORSE_PROFILE);
    const capped = await pairedRun([]);
    expect(capped.code).toBe(1);
    expect(capped.verdict.kind).toBe('regression');
    expect(capped.verdict.relativeChange!).toBeLessThan(-0.1);
    expect(capped.stdout).toContain('1 regression');
  });
});
