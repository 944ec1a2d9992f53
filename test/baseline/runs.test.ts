import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseBaselineJson, type BaselineRun } from '../../src/model/baseline.js';
import { results, scenario } from '../baseline/sample-results.js';
import { appendRun } from '../../src/baseline/runs.js';
import { baselineRunFromResults } from '../../src/baseline/runs.js';
import { baselineFromResultsFile } from '../../src/baseline/runs.js';
import { parseBaselineOrResults } from '../../src/baseline/runs.js';
import { scenarioSetHash } from '../../src/baseline/runs.js';
import { FileFormatError } from '../../src/common/errors.js';
import { BASELINE_WINDOW_DEFAULT, STORED_DEFAULTS } from '../../src/model/defaults.js';

const fixture = (name: string): string => readFileSync(`fixtures/baselines/${name}`, 'utf8');

function formatError(run: () => unknown): FileFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(FileFormatError);
    return error as FileFormatError;
  }
  throw new Error('expected a FileFormatError');
}

function run(runId: string): BaselineRun {
  return baselineRunFromResults(results([scenario('linux/e1000/stock/lan/send', [1, 2, 3])]), { runId });
}

describe('baselineRunFromResults', () => {
  it('keeps measured scenarios and what compare needs of them', () => {
    const file = results([
      scenario('linux/virtio-net-pci/tuned/rtt50ms/send', [1.7e9, 1.69e9]),
      scenario('linux/e1000/stock/lan/send', [1.6e9], { error: 'guest did not boot' }),
      scenario('linux/e1000e/stock/lan/send', []),
    ]);
    const run = baselineRunFromResults(file, { runId: '42-1', commit: 'abc', branch: 'main' });
    expect(run).toEqual({
      runId: '42-1',
      commit: 'abc',
      branch: 'main',
      timestamp: '2025-02-01T10:00:00.000Z',
      environment: file.environment,
      scenarios: {
        'linux/virtio-net-pci/tuned/rtt50ms/send': {
          samples: [1.7e9, 1.69e9],
          nic: 'virtio-net-pci',
          direction: 'send',
          profile: {
            name: 'tuned',
            source: 'builtin',
            sysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
          },
          link: { name: 'rtt50ms', spec: 'rtt50ms', rttMs: 0, lossPct: 0, rateBitsPerSec: 0 },
        },
      },
    });
  });

  it('leaves out tag fields that are not given', () => {
    expect(Object.keys(run('7'))).toEqual(['runId', 'timestamp', 'environment', 'scenarios']);
  });

  it('copies samples rather than sharing the results file arrays', () => {
    const file = results([scenario('linux/e1000/stock/lan/send', [1, 2])]);
    const copy = baselineRunFromResults(file, { runId: '1' });
    file.scenarios[0]!.samples.push(3);
    expect(copy.scenarios['linux/e1000/stock/lan/send']!.samples).toEqual([1, 2]);
  });
});

describe('appendRun', () => {
  it('starts a baseline from nothing', () => {
    expect(appendRun(undefined, run('1'), 'main')).toEqual({
      schemaVersion: 1,
      branch: 'main',
      window: BASELINE_WINDOW_DEFAULT,
      runs: [run('1')],
    });
  });

  it('keeps by default at least the runs the stored rule needs', () => {
    expect(BASELINE_WINDOW_DEFAULT).toBeGreaterThanOrEqual(STORED_DEFAULTS.minHistory);
  });

  it('keeps the last `window` runs, oldest first', () => {
    let baseline = appendRun(undefined, run('1'), 'main', 5);
    for (const id of ['2', '3', '4', '5', '6', '7']) baseline = appendRun(baseline, run(id), 'main', 5);
    expect(baseline.runs.map((r) => r.runId)).toEqual(['3', '4', '5', '6', '7']);
    expect(appendRun(baseline, run('8'), 'main', 2).runs.map((r) => r.runId)).toEqual(['7', '8']);
    const ids = Array.from({ length: BASELINE_WINDOW_DEFAULT + 2 }, (_, i) => `${i + 1}`);
    let byDefault = appendRun(undefined, run(ids[0]!), 'main');
    for (const id of ids.slice(1)) byDefault = appendRun(byDefault, run(id), 'main');
    expect(byDefault.runs.map((r) => r.runId)).toEqual(ids.slice(2));
  });

  it('replaces an earlier attempt of the same run instead of counting it twice', () => {
    let baseline = appendRun(undefined, run('1'), 'main');
    baseline = appendRun(baseline, run('2'), 'main');
    const again = { ...run('1'), timestamp: '2025-02-02T00:00:00.000Z' };
    baseline = appendRun(baseline, again, 'main');
    expect(baseline.runs.map((r) => [r.runId, r.timestamp])).toEqual([
      ['2', '2025-02-01T10:00:00.000Z'],
      ['1', '2025-02-02T00:00:00.000Z'],
    ]);
  });

  it('does not change the baseline it was given', () => {
    const before = appendRun(undefined, run('1'), 'main');
    appendRun(before, run('2'), 'main');
    expect(before.runs).toHaveLength(1);
  });

  it.each([0, -1, 2.5, Number.NaN])('rejects a window of %p', (window) => {
    expect(() => appendRun(undefined, run('1'), 'main', window)).toThrow(
      'baseline window must be a whole number',
    );
  });
});

describe('parseBaselineJson', () => {
  it('reads the fixture', () => {
    const baseline = parseBaselineJson(fixture('valid.json'), 'valid.json');
    expect(baseline.branch).toBe('main');
    expect(baseline.runs.map((r) => r.runId)).toEqual(['9100000001-1', '9100000002-1']);
    expect(baseline.runs[0]!.scenarios['linux/e1000/stock/lan/send']!.samples).toEqual([
      1.6e9, 1.612e9, 1.598e9,
    ]);
  });

  it('reads back what appendRun made', () => {
    const baseline = appendRun(undefined, run('1'), 'feature/x');
    expect(parseBaselineJson(JSON.stringify(baseline), 'b.json')).toEqual(baseline);
  });

  it('keeps environment fields a newer nicgate added', () => {
    const data = JSON.parse(fixture('valid.json')) as { runs: { environment: Record<string, unknown> }[] };
    data.runs[0]!.environment['hostMemoryBytes'] = 8e9;
    const baseline = parseBaselineJson(JSON.stringify(data), 'b.json');
    expect(baseline.runs[0]!.environment).toHaveProperty('hostMemoryBytes', 8e9);
  });

  it('says the file is not JSON and where, without quoting its bytes', () => {
    const error = formatError(() => parseBaselineJson(fixture('corrupt.json'), 'baselines/main.json'));
    expect(error.message).toBe('baselines/main.json: is not valid JSON (at character 898)');
    expect(error.source).toBe('baselines/main.json');
    const binary = formatError(() => parseBaselineJson('\u0000\u0001'.repeat(150_000), 'b.json'));
    expect(binary.message).toBe('b.json: is not valid JSON');
    expect(binary.cause).toBeUndefined();
  });

  it('names the version it found and the one it reads', () => {
    expect(formatError(() => parseBaselineJson(fixture('unknown-version.json'), 'u.json')).message).toBe(
      'u.json: has schemaVersion 2; this nicgate reads baseline files of schemaVersion 1 only',
    );
    expect(formatError(() => parseBaselineJson('{"runs": []}', 'u.json')).message).toBe(
      'u.json: has no schemaVersion; this nicgate reads baseline files of schemaVersion 1 only',
    );
    expect(formatError(() => parseBaselineJson('[1]', 'u.json')).message).toContain('has no schemaVersion');
    expect(formatError(() => parseBaselineJson('{"schemaVersion": "1"}', 'u.json')).message).toContain(
      'has schemaVersion "1";',
    );
  });

  it.each([
    [
      'samples as text',
      (d: Data) => (scenarioOf(d).samples = '1,2'),
      'scenarios["linux/e1000/stock/lan/send"].samples',
    ],
    ['no samples', (d: Data) => (scenarioOf(d).samples = []), '.samples'],
    ['a negative sample', (d: Data) => (scenarioOf(d).samples = [-1]), '.samples[0]'],
    [
      'an unknown accelerator',
      (d: Data) => (d.runs[0]!.environment.accelerator = 'hvf'),
      'runs[0].environment.accelerator',
    ],
    ['no runs list', (d: Data) => (d.runs = {} as unknown as Data['runs']), 'at runs'],
    ['an empty run id', (d: Data) => (d.runs[0]!.runId = ''), 'runs[0].runId'],
    ['a zero window', (d: Data) => (d.window = 0), 'at window'],
  ])('rejects %s and says where', (_, change, where) => {
    const data = JSON.parse(fixture('valid.json')) as Data;
    change(data);
    const error = formatError(() => parseBaselineJson(JSON.stringify(data), 'b.json'));
    expect(error.message).toMatch(/^b\.json: is not a valid baseline file at /);
    expect(error.message).toContain(where);
    expect(error.message).not.toContain('more problem');
  });
});

type Data = {
  window: unknown;
  runs: {
    runId: string;
    environment: Record<string, unknown>;
    scenarios: Record<string, { samples: unknown }>;
  }[];
};
const scenarioOf = (data: Data) => data.runs[0]!.scenarios['linux/e1000/stock/lan/send']!;

describe('parseBaselineOrResults', () => {
  it('reads a baseline file as a baseline', () => {
    expect(parseBaselineOrResults(fixture('valid.json'), 'v.json')).toEqual(
      parseBaselineJson(fixture('valid.json'), 'v.json'),
    );
  });

  it('turns a results file into a one-run baseline', () => {
    const file = results(
      [
        scenario('linux/e1000/stock/lan/send', [1e9, 1.1e9]),
        scenario('linux/e1000e/stock/lan/send', [], { error: 'x' }),
      ],
      { git: { commit: 'abc123', branch: 'main' } },
    );
    const baseline = parseBaselineOrResults(JSON.stringify(file), 'out/results.json');
    expect(baseline).toEqual(baselineFromResultsFile(file, 'out/results.json'));
    expect(baseline).toMatchObject({ schemaVersion: 1, branch: 'main', window: 1 });
    expect(baseline.runs).toHaveLength(1);
    expect(baseline.runs[0]).toMatchObject({ runId: 'out/results.json', commit: 'abc123', branch: 'main' });
    expect(Object.keys(baseline.runs[0]!.scenarios)).toEqual(['linux/e1000/stock/lan/send']);
  });

  it('gives a results file without git details an empty branch', () => {
    const baseline = baselineFromResultsFile(
      results([scenario('linux/e1000/stock/lan/send', [1])]),
      'r.json',
    );
    expect(baseline.branch).toBe('');
    expect(baseline.runs[0]).not.toHaveProperty('commit');
  });

  it('checks a results file with the results schema: version first, then the shape', () => {
    const file = results([scenario('linux/e1000/stock/lan/send', [1])]);
    expect(
      formatError(() => parseBaselineOrResults(JSON.stringify({ ...file, schemaVersion: 3 }), 'r.json'))
        .message,
    ).toBe('r.json: has schemaVersion 3; this nicgate reads results files of schemaVersion 2 only');
    // A results file written before the metrics (version 1) is read as it is.
    expect(parseBaselineOrResults(JSON.stringify({ ...file, schemaVersion: 1 }), 'r.json').runs).toHaveLength(
      1,
    );
    const noKey = { ...file, scenarios: [{ ...file.scenarios[0], key: undefined }] };
    expect(formatError(() => parseBaselineOrResults(JSON.stringify(noKey), 'r.json')).message).toMatch(
      /^r\.json: is not a valid results file at scenarios\[0\]\.key: /,
    );
    const badSamples = { ...file, scenarios: [{ ...file.scenarios[0], samples: ['fast'] }] };
    expect(formatError(() => parseBaselineOrResults(JSON.stringify(badSamples), 'r.json')).message).toContain(
      'at scenarios[0].samples[0]',
    );
    // One schema for results files wherever they are read: unknown fields pass through, known
    // fields must have their type.
    const extra = { ...file, scenarios: [{ ...file.scenarios[0], future: 1 }] };
    expect(parseBaselineOrResults(JSON.stringify(extra), 'r.json').runs).toHaveLength(1);
    const badDetails = { ...file, scenarios: [{ ...file.scenarios[0], sampleDetails: 'whatever' }] };
    expect(formatError(() => parseBaselineOrResults(JSON.stringify(badDetails), 'r.json')).message).toContain(
      'at scenarios[0].sampleDetails',
    );
  });

  it('counts the problems after the first', () => {
    const text = '{"schemaVersion":1,"branch":"m","window":1,"runs":[{"runId":""}]}';
    expect(formatError(() => parseBaselineJson(text, 'f.json')).message).toBe(
      'f.json: is not a valid baseline file at runs[0].runId: Too small: expected string to have >=1 characters (and 3 more problems)',
    );
  });

  it('rejects a file that is neither', () => {
    expect(formatError(() => parseBaselineOrResults('{"schemaVersion": 1}', 'x.json')).message).toBe(
      'x.json: is neither a nicgate baseline (no "runs") nor a results file (no "scenarios" list)',
    );
    expect(formatError(() => parseBaselineOrResults('not json', 'x.json')).message).toBe(
      'x.json: is not valid JSON',
    );
  });
});

describe('scenarioSetHash', () => {
  it('is 12 hex characters of the sha256 of the sorted, unique keys as JSON', () => {
    const expected = createHash('sha256').update('["a/b","c/d"]').digest('hex').slice(0, 12);
    expect(scenarioSetHash(['c/d', 'a/b', 'c/d'])).toBe(expected);
    expect(scenarioSetHash(['a/b', 'c/d'])).toMatch(/^[0-9a-f]{12}$/);
  });

  it('tells different sets apart', () => {
    expect(scenarioSetHash(['a/b'])).not.toBe(scenarioSetHash(['a/b', 'c/d']));
    expect(scenarioSetHash(['a', 'b'])).not.toBe(scenarioSetHash(['a\nb']));
  });
});
