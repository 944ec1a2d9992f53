import { InputError } from '../../src/common/errors.js';
import { parseGateMetrics, parseMetrics } from '../../src/config/metrics.js';
import { buildPlan, type PlanDeps } from '../../src/config/plan.js';
import { parsePairedOptions } from '../../src/config/paired-options.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseMetrics', () => {
  it('always measures throughput, named or not, first', () => {
    expect(parseMetrics('throughput')).toEqual(['throughput']);
    expect(parseMetrics('tcp-stats')).toEqual(['throughput', 'tcp-stats']);
    expect(parseMetrics('tcp-stats, Throughput')).toEqual(['throughput', 'tcp-stats']);
  });

  it('counts a group named twice once', () => {
    expect(parseMetrics('tcp-stats,tcp-stats')).toEqual(['throughput', 'tcp-stats']);
  });

  it.each(['udp', 'latency'])(
    'refuses %s as not available yet, naming the flag and what it takes',
    (group) => {
      const error = errorOf(() => parseMetrics(`throughput,${group}`));
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        `--metrics: "${group}" is not available yet; --metrics takes throughput, tcp-stats`,
      );
    },
  );

  it('refuses a name that is no metric group, quoted with its control characters escaped', () => {
    expect(() => parseMetrics('tcp-stat')).toThrow(
      '--metrics: "tcp-stat" is not a metric group (throughput, udp, latency, tcp-stats)',
    );
    expect(() => parseMetrics('rtt\u001b[31m')).toThrow('--metrics: "rtt\\u001b[31m" is not a metric group');
    expect(() => parseMetrics(`${'x'.repeat(200)}`)).toThrow('… (200 characters) is not a metric group');
  });

  it('refuses an empty entry', () => {
    expect(() => parseMetrics('throughput,,tcp-stats')).toThrow('has an empty entry');
  });

  it('names the input it was given as (the Action passes its own)', () => {
    expect(() => parseMetrics('udp', 'metrics')).toThrow(
      'metrics: "udp" is not available yet; metrics takes',
    );
  });
});

describe('parseGateMetrics', () => {
  it('judges throughput', () => {
    expect(parseGateMetrics('throughput')).toEqual(['throughput']);
  });

  it.each(['tcp-stats', 'udp', 'latency'])('refuses %s as not available yet', (group) => {
    expect(() => parseGateMetrics(group)).toThrow(
      `--gate-metrics: "${group}" is not available yet; --gate-metrics takes throughput`,
    );
  });

  it('is a paired option with throughput by default, checked before anything runs', () => {
    const seed = () => 1;
    expect(parsePairedOptions({ 'base-ref': 'main' }, 'r.json', seed)!.gateMetrics).toEqual(['throughput']);
    expect(() =>
      parsePairedOptions({ 'base-ref': 'main', 'gate-metrics': 'tcp-stats' }, 'r.json', seed),
    ).toThrow(InputError);
    expect(() => parsePairedOptions({ 'gate-metrics': 'throughput' }, 'r.json', seed)).toThrow(
      '--gate-metrics: "throughput" needs --base-ref',
    );
  });
});

describe('--metrics in a plan', () => {
  const deps: PlanDeps = {
    readFile: () => {
      throw new Error('no files here');
    },
    paths: {
      kind: (path) => (path === '.' ? 'directory' : 'missing'),
      readable: () => true,
      writable: () => true,
      parent: () => '.',
    },
  };

  it('reaches the measure settings; a group not available yet is refused before anything runs', () => {
    expect(buildPlan({ metrics: 'tcp-stats' }, deps).measure.metrics).toEqual(['throughput', 'tcp-stats']);
    expect(buildPlan({}, deps).measure.metrics).toEqual(['throughput']);
    expect(() => buildPlan({ metrics: 'udp' }, deps)).toThrow('--metrics: "udp" is not available yet');
  });
});
