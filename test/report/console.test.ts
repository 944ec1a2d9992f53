import type { EngineEvent } from '../../src/engine/events.js';
import type { ScenarioResult } from '../../src/model/results.js';
import { consoleSink, describeEvent, renderProgress } from '../../src/report/console.js';
import { CONTROL, HOSTILE, commandLines } from './hostile.js';

function result(extra: Partial<ScenarioResult>): ScenarioResult {
  return {
    key: 'linux/e1000/stock/lan/send',
    guest: 'linux',
    nic: 'e1000',
    profile: { name: 'stock', source: 'builtin', sysctls: [] },
    link: { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0, appliedAt: 'none' },
    direction: 'send',
    streams: 1,
    durationSec: 5,
    omitSec: 1,
    samples: [],
    sampleDetails: [],
    appliedSysctls: [],
    ...extra,
  };
}

describe('describeEvent', () => {
  it.each<[EngineEvent, string]>([
    [{ type: 'stage', message: 'building the guest image' }, 'nicgate: building the guest image'],
    [{ type: 'warning', message: 'KVM does not work; using TCG' }, 'warning: KVM does not work; using TCG'],
    [
      { type: 'accel', accel: 'tcg', note: 'auto: KVM probe timed out after 20 s' },
      'nicgate: accelerator tcg (auto: KVM probe timed out after 20 s)',
    ],
    [
      { type: 'boot', group: 'linux/e1000/stock/lan', seconds: 3.04 },
      '  booted linux/e1000/stock/lan in 3.0 s',
    ],
    [
      { type: 'boot', group: 'linux/e1000/stock/lan', seconds: 4.41, start: 'saved' },
      '  booted linux/e1000/stock/lan in 4.4 s (saved for later starts)',
    ],
    [
      { type: 'boot', group: 'linux/e1000/stock/lan', seconds: 0.93, start: 'restored' },
      '  restored linux/e1000/stock/lan in 0.9 s',
    ],
    [
      { type: 'retry', key: 'linux/e1000/stock/lan/send', message: 'iperf3 could not connect' },
      '  retrying linux/e1000/stock/lan/send: iperf3 could not connect',
    ],
  ])('renders %j', (event, line) => {
    expect(describeEvent(event)).toBe(line);
  });

  it('renders repetition progress with the ETA', () => {
    const line = describeEvent({
      type: 'repetition',
      index: 2,
      total: 6,
      key: 'linux/e1000/stock/lan/send',
      repetition: 3,
      repetitions: 5,
      etaSec: 80,
    });
    expect(line).toBe('  [2/6] linux/e1000/stock/lan/send rep 3/5 (ETA 1m20s)');
  });

  it('renders a finished scenario with its median and wall time', () => {
    const line = describeEvent({
      type: 'scenario',
      index: 1,
      total: 4,
      result: result({
        samples: [1.6e9],
        summary: { median: 1.6e9, min: 1.5e9, max: 1.7e9 },
        wallSeconds: 65,
      }),
    });
    expect(line).toBe('  [1/4] linux/e1000/stock/lan/send: median 1.60 Gbit/s in 1m05s');
  });

  it('renders a scenario without a summary as n/a', () => {
    const line = describeEvent({ type: 'scenario', index: 4, total: 4, result: result({}) });
    expect(line).toBe('  [4/4] linux/e1000/stock/lan/send: median n/a in 0s');
  });

  it('renders a failed scenario with its error instead of a median', () => {
    const line = describeEvent({
      type: 'scenario',
      index: 3,
      total: 4,
      result: result({ error: 'guest did not boot', summary: { median: 1, min: 1, max: 1 } }),
    });
    expect(line).toBe('  [3/4] linux/e1000/stock/lan/send FAILED: guest did not boot');
    expect(line).not.toContain('median');
  });
});

describe('describeEvent with hostile text', () => {
  it.each<[string, EngineEvent]>([
    ['stage', { type: 'stage', message: HOSTILE }],
    ['warning', { type: 'warning', message: HOSTILE }],
    ['accel', { type: 'accel', accel: 'tcg', note: HOSTILE }],
    ['boot', { type: 'boot', group: HOSTILE, seconds: 1 }],
    ['retry', { type: 'retry', key: HOSTILE, message: HOSTILE }],
    [
      'repetition',
      { type: 'repetition', index: 1, total: 1, key: HOSTILE, repetition: 1, repetitions: 1, etaSec: 1 },
    ],
    ['failed scenario', { type: 'scenario', index: 1, total: 1, result: result({ error: HOSTILE }) }],
    ['scenario', { type: 'scenario', index: 1, total: 1, result: result({ key: HOSTILE, samples: [1] }) }],
  ])('prints a %s event as one inert line', (_name, event) => {
    const line = describeEvent(event)!;
    expect(line.split('\n')).toHaveLength(1);
    expect(commandLines(line)).toEqual([]);
    expect(line).not.toMatch(CONTROL);
  });
});

describe('consoleSink', () => {
  it('writes one line per event', () => {
    const lines: string[] = [];
    const sink = consoleSink((line) => lines.push(line));
    sink({ type: 'stage', message: 'a' });
    sink({ type: 'warning', message: 'b' });
    expect(lines).toEqual(['nicgate: a', 'warning: b']);
  });
});

describe('renderProgress', () => {
  it('shows position, key, repetition and ETA', () => {
    expect(
      renderProgress({
        index: 2,
        total: 8,
        key: 'linux/e1000/tuned/rtt50ms/send',
        repetition: 1,
        repetitions: 3,
        etaSec: 80,
      }),
    ).toBe('[2/8] linux/e1000/tuned/rtt50ms/send rep 1/3 (ETA 1m20s)');
  });

  it('leaves the ETA out while there is none', () => {
    expect(renderProgress({ index: 1, total: 1, key: 'k', repetition: 1, repetitions: 1 })).toBe(
      '[1/1] k rep 1/1',
    );
  });
});
