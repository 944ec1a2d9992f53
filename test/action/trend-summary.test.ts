// The trend in the job summary, through the Action's whole record path: main in mode aggregate on
// a push to the default branch (which records, as mode record does after measuring) saves each run
// in the baseline through a local stand-in for the Actions cache service, and the job summary ends
// with the branch's last runs. A pull request's run compares and shows no trend.
import { jest } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { results, scenario } from '../baseline/sample-results.js';
import { startFakeCacheService, type FakeCacheService } from '../baseline/fake-cache-service.js';
import { runAction, workspace } from './run-action.js';

jest.setTimeout(60_000);

const E1000 = 'linux/e1000/tuned/lan/send';
const VIRTIO = 'linux/virtio-net-pci/tuned/lan/send';
const PUSH = { name: 'push', payload: { repository: { default_branch: 'main' } } };

let service: FakeCacheService;
let dir: string;

beforeAll(async () => {
  service = await startFakeCacheService();
});
afterAll(async () => {
  await service.close();
});
beforeEach(() => {
  // One workspace for every run: the cache version hashes the baseline's path.
  dir = workspace();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** One run of the Action on these scenario medians, as run `runId` of the workflow. */
async function aggregate(
  runId: string,
  medians: Record<string, number>,
  event: { name: string; payload: unknown } = PUSH,
  env: Record<string, string> = {},
) {
  const file = join(dir, `results-${runId}.json`);
  const scenarios = Object.entries(medians).map(([key, median]) =>
    scenario(key, [median * 0.99, median, median * 1.01]),
  );
  writeFileSync(file, JSON.stringify(results(scenarios)));
  return await runAction(dir, { mode: 'aggregate', 'results-files': file, 'comment-on-pr': 'false' }, event, {
    ACTIONS_CACHE_URL: service.url,
    ACTIONS_RUNTIME_TOKEN: service.token,
    GITHUB_WORKSPACE: dir,
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: runId,
    GITHUB_SHA: runId.repeat(10),
    ...env,
  });
}

describe('the trend in the job summary', () => {
  it("follows each recorded run on the baseline branch with the branch's last runs", async () => {
    const first = await aggregate('5001', { [E1000]: 1e9, [VIRTIO]: 3e9 });
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('nicgate: recorded this run in the baseline of main');
    expect(first.summary).toContain('\n### Trend on main: last 1 run\n');
    expect(first.summary).toContain('| `e1000` | ▄ | 1.00 Gbit/s | one run | 1 |');

    await aggregate('5002', { [E1000]: 1.2e9, [VIRTIO]: 3e9 });
    const third = await aggregate('5003', { [E1000]: 0.9e9, [VIRTIO]: 3e9 });
    expect(third.exitCode).toBe(0);
    const trend = third.summary.slice(third.summary.indexOf('### Trend on main'));
    expect(trend.split('\n').slice(0, 6)).toEqual([
      '### Trend on main: last 3 runs',
      '',
      '| scenario | runs, oldest to newest | newest | change | runs |',
      '| --- | --- | ---: | ---: | ---: |',
      // Earlier runs' median 1.1 Gbit/s; this run 0.9: -18.2%.
      '| `e1000` | ▃█▁ | 900 Mbit/s | -18.2% | 3 |',
      '| `virtio-net-pci` | ▄▄▄ | 3.00 Gbit/s | 0.0% | 3 |',
    ]);
    expect(trend).toContain('Runs of 2025-02-01 (commit 5001500) to 2025-02-01 (commit 5003500).');
    // The report comes first; the trend is the summary's own part, not the report's.
    expect(third.summary.indexOf('## nicgate:')).toBeLessThan(third.summary.indexOf('### Trend on main'));
  });

  it("is left out of a pull request's summary, which compares and records nothing", async () => {
    await aggregate('5101', { [E1000]: 1e9 });
    const pr = await aggregate(
      '5102',
      { [E1000]: 1e9 },
      { name: 'pull_request', payload: { repository: { default_branch: 'main' } } },
      { GITHUB_HEAD_REF: 'feature', GITHUB_BASE_REF: 'main', GITHUB_REF_NAME: '7/merge' },
    );
    expect(pr.exitCode).toBe(0);
    expect(pr.stdout).toContain('nicgate: comparing with the baseline of main');
    expect(pr.summary).toContain('## nicgate:');
    expect(pr.summary).not.toContain('Trend on');
  });
});
