// Baselines end to end on real guests: record, then compare an identical configuration (no
// regression) and a deliberately worse profile (regression); through the CLI with a local
// directory store, and through the bundled Action with the real @actions/cache library talking to
// a local cache service.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeCacheService, type FakeCacheService } from '../baseline/fake-cache-service.js';
import { collect, ROOT, runCli, SHARED_WORK_DIR } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'nicgate-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD_PROFILE = [
  'net.core.rmem_max = 16777216',
  'net.core.wmem_max = 16777216',
  'net.ipv4.tcp_rmem = 4096 131072 16777216',
  'net.ipv4.tcp_wmem = 4096 16384 16777216',
  'net.ipv4.tcp_congestion_control = bbr',
].join('\n');
// The regression a pull request might bring: send buffers capped at 64 KiB.
const WORSE_PROFILE = GOOD_PROFILE.replace(
  'net.ipv4.tcp_wmem = 4096 16384 16777216',
  'net.ipv4.tcp_wmem = 4096 16384 65536',
);
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

describe('baselines with the Action and the cache service', () => {
  let cache: FakeCacheService;
  beforeAll(async () => {
    cache = await startFakeCacheService();
  });
  afterAll(async () => {
    await cache.close();
  });

  const workspace = join(dir, 'workspace');
  const profile = join(workspace, 'tuning.conf');

  async function runAction(event: 'push' | 'pull_request', name: string) {
    const files = Object.fromEntries(
      ['output', 'summary', 'state'].map((f) => [f, join(dir, `${name}-${f}`)]),
    );
    for (const path of Object.values(files)) writeFileSync(path, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: join(dir, 'runner-temp'),
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: join(
        ROOT,
        'fixtures',
        'events',
        event === 'push' ? 'push-main.json' : 'pull_request.json',
      ),
      GITHUB_REF_NAME: event === 'push' ? 'main' : '42/merge',
      GITHUB_HEAD_REF: event === 'push' ? '' : 'feature/small-buffers',
      GITHUB_BASE_REF: event === 'push' ? '' : 'main',
      GITHUB_RUN_ID: event === 'push' ? '1001' : '1002',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'nicgate',
      GITHUB_SHA: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b',
      ACTIONS_RUNTIME_TOKEN: cache.token,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: cache.url,
      INPUT_NIC: 'virtio-net-pci',
      INPUT_PROFILE: 'tuning.conf',
      INPUT_LINK: 'rtt=50ms',
      INPUT_DURATION: '2',
      INPUT_REPETITIONS: '5',
      INPUT_ACCEL: 'tcg',
      INPUT_MODE: 'auto',
      'INPUT_FAIL-ON-REGRESSION': 'true',
    };
    const run = await collect(
      spawn(process.execPath, [join(ROOT, 'dist/index.js')], { cwd: workspace, env }),
    );
    const read = (path: string): string => readFileSync(path, 'utf8');
    return { run, output: read(files.output!), summary: read(files.summary!) };
  }

  it('records on a push to main, then gates a pull request whose profile is worse', async () => {
    await import('node:fs').then((fs) => fs.mkdirSync(workspace, { recursive: true }));
    writeFileSync(profile, GOOD_PROFILE);
    const push = await runAction('push', 'push');
    expect(push.run.code).toBe(0);
    expect(push.run.stdout).toContain('recorded this run in the baseline of main');
    expect(push.output).toMatch(/regressed<<\S+\nfalse\n/);
    const saved = cache.entries.filter((e) => e.committed).map((e) => e.key);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^nicgate-baseline-v1\/main\//);

    writeFileSync(profile, WORSE_PROFILE);
    const pr = await runAction('pull_request', 'pr');
    expect(pr.run.code).toBe(1);
    expect(pr.run.stdout).toContain(`::error::throughput regressed: ${KEY}`);
    expect(pr.output).toMatch(/regressed<<\S+\ntrue\n/);
    expect(pr.output).toMatch(/verdicts-path<<\S+\nnicgate-verdicts.json\n/);
    const verdicts = JSON.parse(readFileSync(join(workspace, 'nicgate-verdicts.json'), 'utf8'));
    expect(verdicts.verdicts[0].kind).toBe('regression');
    expect(verdicts.baseline.branch).toBe('main');
    expect(pr.summary).toContain('nicgate verdicts: 1 regression');
    expect(pr.summary).toContain('🔴 regression');
    // A pull request's run never writes its base branch's baseline.
    expect(cache.entries.filter((e) => e.committed)).toHaveLength(1);
  });
});
