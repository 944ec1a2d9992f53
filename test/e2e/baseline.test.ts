// Baselines end to end on real guests with the CLI and a local directory store: record, then
// compare an identical configuration: numbers only while the history is shorter than 10 runs.
// A worse profile's regression is caught by the paired gate (paired.test.ts).
// The Action's side (cache service, pull request comment) is in action-report.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, SHARED_WORK_DIR } from './harness.js';
import { GOOD_PROFILE } from './profiles.js';

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
    // The output comes with a failure, so a run that did not finish says why.
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  };

  it('records a real run, then shows numbers only for an identical one (history too short to judge)', async () => {
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
    // One recorded run is too short a history to judge on: numbers only, never failing.
    expect(sameVerdict.kind).toBe('inconclusive');
    expect(sameVerdict.reason).toContain('history has 1 of the 10 runs needed; numbers only');
    expect(sameVerdict.relativeChange).toEqual(expect.any(Number));
  });
});
