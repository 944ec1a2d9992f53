import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDirectoryStore } from '../../src/baseline/local-store.js';
import { recordBaseline } from '../../src/baseline/history.js';
import { type BaselineFile } from '../../src/model/baseline.js';
import { results, scenario } from './sample-results.js';
import { appendRun } from '../../src/baseline/runs.js';
import { baselineRunFromResults } from '../../src/baseline/runs.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nicgate-baselines-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fixture = (name: string): Promise<string> => readFile(`fixtures/baselines/${name}`, 'utf8');

function baselineOf(branch: string, runIds: string[]): BaselineFile {
  let baseline: BaselineFile | undefined;
  for (const runId of runIds) {
    const run = baselineRunFromResults(results([scenario('linux/e1000/stock/lan/send', [1e9, 1.1e9])]), {
      runId,
    });
    baseline = appendRun(baseline, run, branch);
  }
  return baseline!;
}

describe('LocalDirectoryStore', () => {
  it('reports none for a branch that has no file yet', async () => {
    const store = new LocalDirectoryStore(join(dir, 'not-created'));
    expect(await store.load('main')).toEqual({
      status: 'none',
      location: join(dir, 'not-created', 'main.json'),
    });
  });

  it('saves and loads a baseline, creating the directory', async () => {
    const store = new LocalDirectoryStore(join(dir, 'baselines'));
    const baseline = baselineOf('main', ['1', '2']);
    const path = join(dir, 'baselines', 'main.json');
    expect(await store.save(baseline)).toEqual({ status: 'saved', location: path });
    expect(await store.load('main')).toEqual({ status: 'found', baseline, location: path });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(baseline);
    expect(store.description).toBe(`directory ${join(dir, 'baselines')}`);
  });

  it('keeps a window of five runs across saves', async () => {
    const store = new LocalDirectoryStore(dir);
    for (let id = 1; id <= 7; id++) {
      const loaded = await store.load('main');
      const existing = loaded.status === 'found' ? loaded.baseline : undefined;
      const run = baselineRunFromResults(results([scenario('linux/e1000/stock/lan/send', [id])]), {
        runId: `${id}`,
      });
      await store.save(appendRun(existing, run, 'main', 5));
    }
    const loaded = await store.load('main');
    expect(loaded.status === 'found' && loaded.baseline.runs.map((r) => r.runId)).toEqual([
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
  });

  it('keeps branches with slashes and dots in separate files inside the directory', async () => {
    const store = new LocalDirectoryStore(dir);
    for (const branch of ['feature/x', 'feature-x', '../escape', 'release/1.2']) {
      expect(await store.save(baselineOf(branch, [branch]))).toMatchObject({ status: 'saved' });
    }
    expect((await readdir(dir)).sort()).toEqual([
      '_2E_2E_2Fescape.json',
      'feature-x.json',
      'feature_2Fx.json',
      'release_2F1_2E2.json',
    ]);
    const loaded = await store.load('feature/x');
    expect(loaded.status === 'found' && loaded.baseline.runs[0]!.runId).toBe('feature/x');
    expect((await store.load('feature')).status).toBe('none');
  });

  it('leaves no temporary files behind', async () => {
    const store = new LocalDirectoryStore(dir);
    await store.save(baselineOf('main', ['1']));
    await store.save(baselineOf('main', ['2']));
    expect(await readdir(dir)).toEqual(['main.json']);
  });

  it.each([
    ['corrupt.json', /main\.json: is not valid JSON \(at character 898\)$/],
    [
      'unknown-version.json',
      /main\.json: has schemaVersion 2; this nicgate reads baseline files of schemaVersion 1 only$/,
    ],
  ])('reports %s as unreadable, then keeps it aside when saving over it', async (name, message) => {
    const text = await fixture(name);
    await writeFile(join(dir, 'main.json'), text);
    const store = new LocalDirectoryStore(dir, () => new Date('2025-02-01T10:20:30.456Z'));

    const loaded = await store.load('main');
    expect(loaded).toEqual({
      status: 'unreadable',
      location: join(dir, 'main.json'),
      message: expect.stringMatching(message),
    });

    const baseline = baselineOf('main', ['1']);
    const kept = join(dir, 'main.corrupt-20250201T102030456Z.json');
    expect(await store.save(baseline)).toEqual({
      status: 'saved',
      location: `${join(dir, 'main.json')} (the unreadable file that was there is kept as ${kept})`,
    });
    expect(await readFile(kept, 'utf8')).toBe(text);
    expect(await store.load('main')).toMatchObject({ status: 'found', baseline });
  });

  it('reads the valid fixture', async () => {
    await writeFile(join(dir, 'main.json'), await fixture('valid.json'));
    const loaded = await new LocalDirectoryStore(dir).load('main');
    expect(loaded.status === 'found' && loaded.baseline.runs).toHaveLength(2);
  });

  it('reports a path it cannot read as unreadable', async () => {
    await mkdir(join(dir, 'main.json'));
    expect(await new LocalDirectoryStore(dir).load('main')).toMatchObject({
      status: 'unreadable',
      message: expect.stringContaining('is a directory, not a regular file'),
    });
  });

  it('answers skipped, without throwing, when the directory cannot be made', async () => {
    const notADirectory = join(dir, 'file');
    await writeFile(notADirectory, '');
    const outcome = await new LocalDirectoryStore(notADirectory).save(baselineOf('main', ['1']));
    expect(outcome).toEqual({
      status: 'skipped',
      message: expect.stringMatching(new RegExp(`^cannot write the baseline in ${notADirectory}: .*EEXIST`)),
    });
  });

  it('answers skipped for a baseline without a branch', async () => {
    const outcome = await new LocalDirectoryStore(dir).save({ ...baselineOf('main', ['1']), branch: '' });
    expect(outcome).toMatchObject({ status: 'skipped', message: expect.stringContaining('cannot be empty') });
  });
});

describe('LocalDirectoryStore.update', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'nicgate-update-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('keeps every run of eight concurrent records of one branch', async () => {
    const store = new LocalDirectoryStore(dir);
    const runs = Array.from({ length: 8 }, (_, i) =>
      baselineRunFromResults(results([scenario('linux/e1000/stock/lan/send', [i + 1])]), { runId: `r${i}` }),
    );
    const outcomes = await Promise.all(
      runs.map((run) =>
        new LocalDirectoryStore(dir).update('main', (current) =>
          appendRun(current.status === 'found' ? current.baseline : undefined, run, 'main', 10),
        ),
      ),
    );
    expect(outcomes.every((o) => o.status === 'saved')).toBe(true);
    const loaded = await store.load('main');
    expect(loaded.status === 'found' && loaded.baseline.runs.map((r) => r.runId).sort()).toEqual(
      runs.map((r) => r.runId).sort(),
    );
    expect(await readdir(dir)).toEqual(['main.json']);
  });

  it('never writes a baseline the next load would refuse', async () => {
    const store = new LocalDirectoryStore(dir);
    const bad = baselineRunFromResults(results([scenario('linux/e1000/stock/lan/send', [1])]), { runId: '' });
    const outcome = await store.update('main', () => appendRun(undefined, bad, 'main'));
    expect(outcome).toMatchObject({ status: 'skipped', message: expect.stringContaining('runs.0.runId') });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('recordBaseline', () => {
  it('leaves the baseline alone for an interrupted (partial) run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nicgate-partial-'));
    try {
      const warnings: string[] = [];
      const file = {
        ...results([scenario('linux/e1000/stock/lan/send', [1e8])]),
        partial: true as const,
        partialReason: 'SIGTERM',
      };
      const saved = await recordBaseline(new LocalDirectoryStore(dir), 'main', file, { runId: '1' }, 5, (m) =>
        warnings.push(m),
      );
      expect(saved).toBeUndefined();
      expect(warnings).toEqual(['the run was interrupted (SIGTERM); the baseline is left as it was']);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
