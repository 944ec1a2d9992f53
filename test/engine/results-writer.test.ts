import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultsWriter } from '../../src/engine/results-writer.js';
import type { Environment } from '../../src/model/environment.js';
import { parseResultsJson, type ScenarioResult } from '../../src/model/results.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-writer-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const environment = {
  accelerator: 'tcg',
  acceleratorNote: 'tcg requested',
  qemuVersion: 'QEMU 7.2',
  hostCpuModel: 'cpu',
  hostKernel: '6.1',
  iperf3Version: 'iperf 3.12',
  guestKernel: '6.1.0-image',
  guestKernelSource: 'test',
  nicgateVersion: '0.1.0',
  timestamp: '2026-01-01T00:00:00.000Z',
} as Environment;

function result(key: string, samples: number[]): ScenarioResult {
  return {
    key,
    guest: 'linux',
    nic: 'e1000',
    profile: { name: 'stock', source: 'builtin', sysctls: [] },
    link: { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0, appliedAt: 'none' },
    direction: 'send',
    streams: 1,
    durationSec: 1,
    omitSec: 0,
    samples,
    sampleDetails: samples.map((bitsPerSecond) => ({ bitsPerSecond, iperf3End: {} })),
    appliedSysctls: [],
  };
}

describe('ResultsWriter', () => {
  it('writes a partial file with the finished scenarios and the running one, which reads back', async () => {
    const path = join(dir, 'results.json');
    const writer = new ResultsWriter(path);
    writer.environment = environment;
    writer.outcome.scenarios.push(result('linux/e1000/stock/lan/send', [1e9, 1e9]));
    writer.outcome.current = result('linux/e1000/stock/lan/receive', [2e9]);
    writer.outcome.guestKernel = '6.1.0-guest';
    await writer.finish('interrupted by SIGINT');
    const read = parseResultsJson(readFileSync(path, 'utf8'), path);
    expect(read).toMatchObject({ partial: true, partialReason: 'interrupted by SIGINT' });
    expect(read.environment.guestKernel).toBe('6.1.0-guest');
    expect(read.scenarios.map((s) => [s.key, s.error])).toEqual([
      ['linux/e1000/stock/lan/send', undefined],
      ['linux/e1000/stock/lan/receive', 'interrupted by SIGINT after 1 repetition(s)'],
    ]);
  });

  it('writes once: the first call decides, complete or partial', async () => {
    const path = join(dir, 'results.json');
    const writer = new ResultsWriter(path);
    writer.environment = environment;
    writer.outcome.scenarios.push(result('linux/e1000/stock/lan/send', [1e9]));
    const first = await writer.finish('interrupted by SIGTERM');
    const second = await writer.finish();
    expect(second).toBe(first);
    expect(JSON.parse(readFileSync(path, 'utf8')).partial).toBe(true);
  });

  it('writes no partial file when nothing was measured', async () => {
    const path = join(dir, 'results.json');
    const writer = new ResultsWriter(path);
    writer.environment = environment;
    writer.outcome.current = result('linux/e1000/stock/lan/send', []);
    expect(await writer.finish('interrupted by SIGTERM')).toBeUndefined();
    expect(existsSync(path)).toBe(false);
  });
});
