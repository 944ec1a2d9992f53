// The paired gate end to end on real guests: `nicgate run --base-ref` in a real git repository
// measures the base commit's profile against the working tree's, interleaved, and judges the
// pairs, looking after every pair (sequential): A/A (the same profile, measured anyway) stops as
// unchanged before the cap; send buffers capped at 64 KiB in the working tree stop early as a
// regression, and with tcp-stats its report shows the smaller congestion window.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { runCli, SHARED_WORK_DIR, WINDOW_BOUND } from './harness.js';
import { GOOD_PROFILE, WORSE_PROFILE } from './profiles.js';

const KEY = 'linux/virtio-net-pci/tuning/rtt50ms/send';

interface VerdictLike {
  key: string;
  kind: string;
  reason: string;
  basis?: string;
  relativeChange?: number;
  pairs?: { used: number; stop?: string; dropped: { block: number; reason: string }[] };
  tcpStats?: { base: { maxCongestionWindowBytes?: number }; head: { maxCongestionWindowBytes?: number } };
}

/** Where the A/A runs: a stock guest bound by its window, steady between boots (WINDOW_BOUND). */
const STEADY = {
  key: `linux/virtio-net-pci/stock/${WINDOW_BOUND.key}/send`,
  args: ['--profile', 'stock', ...WINDOW_BOUND.args],
};
const CAPPED = { key: KEY, args: ['--profile', 'tuning.conf', '--link', 'rtt=50ms'] };

let repo: GitFixture;
let base: string;
beforeAll(() => {
  repo = makeGitRepo();
  repo.write('tuning.conf', GOOD_PROFILE);
  base = repo.commit('tuned profile');
});
afterAll(() => repo.remove());

async function pairedRun(
  scenario: { key: string; args: readonly string[] },
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
      ...scenario.args,
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
  const verdict = file.verdicts.find((v) => v.key === scenario.key)!;
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

    const aa = await pairedRun(STEADY, ['--always-measure']);
    expect(aa.code).toBe(0);
    expect(aa.verdict.basis).toBe('paired');
    expect(aa.verdict.kind).not.toBe('regression');
    const used = aa.verdict.pairs!.used;
    // Not a regression: unchanged once its repeated interval falls inside the threshold (after 6
    // pairs in a quiet CI run, 7 beside a unit-test loop), or inconclusive at the cap of 7 (-4.3% to
    // +2.4% after 7 pairs on a quiet machine): this test's cap is below the default 12.
    const { kind, pairs } = aa.verdict;
    const outcome =
      kind === 'unchanged'
        ? { kind, settled: /^settled: unchanged at look \d+/.test(pairs!.stop ?? '') }
        : { kind };
    expect([{ kind: 'unchanged', settled: true }, { kind: 'inconclusive' }]).toContainEqual(outcome);
    // Both sides' blocks are in the results files, in the seeded order.
    const head = JSON.parse(readFileSync(join(repo.dir, 'results.json'), 'utf8'));
    const baseSide = JSON.parse(readFileSync(join(repo.dir, 'results.base.json'), 'utf8'));
    expect(head.side).toEqual({ role: 'head', commit: base });
    expect(baseSide.side).toEqual({ role: 'base', commit: base });
    expect(head.scenarios[0].pairedBlocks.length).toBeGreaterThanOrEqual(used);
    const kept = head.scenarios[0].pairedBlocks.filter((b: { dropped?: string }) => b.dropped === undefined);
    // The first 7 kept pairs are judged; a replacement can leave one more kept.
    expect(Math.min(kept.length, 7)).toBe(used);
    expect(head.scenarios[0].pairedBlocks[0].order).toMatch(/^(ABBA|BAAB)$/);
  });

  it('finds a regression when the working tree caps the send buffers', async () => {
    writeFileSync(join(repo.dir, 'tuning.conf'), WORSE_PROFILE);
    const capped = await pairedRun(CAPPED, ['--metrics', 'tcp-stats']);
    expect(capped.code).toBe(1);
    expect(capped.verdict.kind).toBe('regression');
    // A -90% change is settled long before the cap.
    expect(capped.verdict.pairs!.used).toBeLessThan(7);
    expect(capped.verdict.pairs!.stop).toMatch(/^settled: regression at look \d+/);
    expect(capped.verdict.relativeChange!).toBeLessThan(-0.1);
    expect(capped.stdout).toContain('1 regression');
    // tcp-stats: the guest sent, so its figures come from the guest's -J server document
    // (--get-server-output), and 64 KiB send buffers show as a far smaller congestion window.
    const head = JSON.parse(readFileSync(join(repo.dir, 'results.json'), 'utf8')) as {
      schemaVersion: number;
      scenarios: { sampleDetails: { tcp?: { source: string } }[] }[];
    };
    expect(head.schemaVersion).toBe(2);
    const sources = head.scenarios[0]!.sampleDetails.map((d) => d.tcp?.source);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((source) => source === 'server')).toBe(true);
    const tcp = capped.verdict.tcpStats!;
    expect(tcp.head.maxCongestionWindowBytes!).toBeLessThan(tcp.base.maxCongestionWindowBytes! / 2);
    expect(capped.stdout).toContain('TCP sender (median of the blocks): max cwnd');
  });
});
