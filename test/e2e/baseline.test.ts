// Baselines end to end on real guests with the CLI and a local directory store: record, then
// compare an identical configuration (no regression) and a deliberately worse profile (regression).
// The Action's side (cache service, pull request comment) is in action-report.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SHARED_WORK_DIR } from './harness.js';
import { GOOD_PROFILE, WORSE_PROFILE } from './profiles.js';

const dir = mkdtempSync(join(tmpdir(), 'nicgate-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'linux/virtio-net-pci/tuning/rtt50ms/send';

interface VerdictLike {
  key: string;
  kind: string;
  reason: string;
  relativeChange?: number;
}

describe('baselines with the CLI and a local directory', () => {
  const profile = join(dir, 'cli', 'tuning.conf');
  const store = join(dir, 'cli', 'baselines');
  const measure = async (out: string): Promise<void> => {
    const run = await runCli([
      'run',
      '--nic',
      'virtio-net-pci',
      '--profile',
      profile,
      '--link',
      'rtt=50ms',
      '--duration',
      '2',
      '--repetitions',
      '5',
      '--accel',
      'tcg',
      '--work-dir',
      SHARED_WORK_DIR,
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
  };

  it('records a real run, then finds no regression in an identical one and a regression in a worse profile', async () => {
    rmSync(join(dir, 'cli'), { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(join(dir, 'cli'), { recursive: true }));
    writeFileSync(profile, GOOD_PROFILE);
    await measure(join(dir, 'cli', 'a.json'));
    const record = await runCli([
      'record',
      '--results',
      join(dir, 'cli', 'a.json'),
      '--baseline-dir',
      store,
      '--branch',
      'main',
    ]);
    expect(record.code).toBe(0);
    expect(record.stderr).toContain(`baseline saved to ${join(store, 'main.json')}`);

    await measure(join(dir, 'cli', 'b.json'));
    const same = await runCli([
      'compare',
      '--results',
      join(dir, 'cli', 'b.json'),
      '--baseline-dir',
      store,
      '--branch',
      'feature',
      '--fallback-branch',
      'main',
      '--out',
      join(dir, 'cli', 'same.json'),
    ]);
    expect(same.code).toBe(0);
    const sameVerdict = (
      JSON.parse(readFileSync(join(dir, 'cli', 'same.json'), 'utf8')).verdicts as VerdictLike[]
    )[0]!;
    console.log(`identical: ${sameVerdict.kind} (${sameVerdict.reason})`);
    expect(sameVerdict.key).toBe(KEY);
    expect(['unchanged', 'inconclusive', 'improvement']).toContain(sameVerdict.kind);

    writeFileSync(profile, WORSE_PROFILE);
    await measure(join(dir, 'cli', 'c.json'));
    const worse = await runCli([
      'compare',
      '--results',
      join(dir, 'cli', 'c.json'),
      '--baseline',
      join(store, 'main.json'),
      '--out',
      join(dir, 'cli', 'worse.json'),
    ]);
    expect(worse.code).toBe(1);
    expect(worse.stdout).toContain('1 regression');
    const worseVerdict = (
      JSON.parse(readFileSync(join(dir, 'cli', 'worse.json'), 'utf8')).verdicts as VerdictLike[]
    )[0]!;
    console.log(`worse profile: ${worseVerdict.kind} (${worseVerdict.reason})`);
    expect(worseVerdict.kind).toBe('regression');
    expect(worseVerdict.relativeChange!).toBeLessThan(-0.05);
    expect(worseVerdict.reason).toContain('profile tuning changed since the baseline');
  });
});
