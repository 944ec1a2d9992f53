// Issue 26: baselines that would mislead a comparison are refused, naming what is wrong.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRun, baselineRunFromResults } from '../../src/baseline/runs.js';
import { findBaseline } from '../../src/baseline/history.js';
import { LocalDirectoryStore } from '../../src/baseline/local-store.js';
import { parseBaselineJson, type BaselineFile } from '../../src/model/baseline.js';
import { results, scenario } from '../baseline/sample-results.js';

function baselineOf(branch: string, runIds: string[], window = 10): BaselineFile {
  let baseline: BaselineFile | undefined;
  for (const runId of runIds) {
    const run = baselineRunFromResults(results([scenario('linux/e1000/stock/lan/send', [1e9, 1.1e9])]), {
      runId,
      branch,
    });
    baseline = appendRun(baseline, run, branch, window);
  }
  return baseline!;
}

const parse = (data: unknown): BaselineFile => parseBaselineJson(JSON.stringify(data), 'b.json');

describe('baseline file checks (issue 26)', () => {
  it('reads a sound baseline', () => {
    expect(parse(baselineOf('main', ['1', '2'])).runs).toHaveLength(2);
  });

  it('refuses a "__proto__" scenario instead of dropping it silently', () => {
    const good = baselineOf('main', ['1']);
    const scenarios = good.runs[0]!.scenarios;
    const text = JSON.stringify(good).replace(
      JSON.stringify(scenarios),
      `{"__proto__": ${JSON.stringify(Object.values(scenarios)[0])}}`,
    );
    expect(text).toContain('"__proto__"');
    expect(() => parseBaselineJson(text, 'b.json')).toThrow(
      'b.json: is not a valid baseline file at runs[0].scenarios: a scenario key must not be "__proto__"',
    );
  });

  it('refuses a run id that appears twice (ten copies of one run are one run, not ten)', () => {
    const one = baselineOf('main', ['1']);
    const copies = { ...one, runs: Array.from({ length: 10 }, () => one.runs[0]!) };
    expect(() => parse(copies)).toThrow(
      'b.json: is not a valid baseline file at runs[1].runId: run id "1" appears more than once (first at runs[0])',
    );
  });

  it('refuses more runs than the window', () => {
    const five = baselineOf('main', ['1', '2', '3', '4', '5']);
    expect(() => parse({ ...five, window: 3 })).toThrow(
      'b.json: is not a valid baseline file at runs: 5 runs, more than the window of 3',
    );
  });

  it("refuses a run recorded on another branch than the file's", () => {
    const main = baselineOf('main', ['1']);
    expect(() => parse({ ...main, branch: 'release' })).toThrow(
      'b.json: is not a valid baseline file at runs[0].branch: run "1" was recorded on branch "main", not on the file\'s branch "release"',
    );
  });

  it("a store does not hand out another branch's baseline under this branch's name", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nicgate-baselines-'));
    try {
      const store = new LocalDirectoryStore(dir);
      // A file for `release`, copied to the place of `main`'s.
      await writeFile(store.pathFor('main'), JSON.stringify(baselineOf('release', ['1'])));
      const warnings: string[] = [];
      expect(await findBaseline(store, ['main'], (w) => warnings.push(w))).toBeUndefined();
      expect(warnings).toEqual([
        `ignoring the baseline of main at ${store.pathFor('main')}: it is the baseline of branch "release", not "main"`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
