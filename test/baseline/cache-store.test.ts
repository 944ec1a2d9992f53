// ActionsCacheStore through the real @actions/cache (tar, zstd or gzip, HTTP) against an
// in-memory cache service on 127.0.0.1: both protocols the library speaks.
import * as cache from '@actions/cache';
import { jest } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineSaveKey } from '../../src/baseline/cache-keys.js';
import { ActionsCacheStore } from '../../src/baseline/cache-store.js';
import { type BaselineFile } from '../../src/model/baseline.js';
import { startFakeCacheService, type FakeCacheService } from './fake-cache-service.js';
import { results, scenario } from './sample-results.js';
import { appendRun } from '../../src/baseline/runs.js';
import { baselineRunFromResults } from '../../src/baseline/runs.js';

jest.setTimeout(60_000);

const ENV_NAMES = [
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
  'RUNNER_DEBUG',
] as const;

const HASH = '3fa2c1d0e9b8';

let saved: Partial<Record<(typeof ENV_NAMES)[number], string>>;
let root: string;
let service: FakeCacheService;
let output: string[];

function baselineOf(branch: string, runIds: string[]): BaselineFile {
  let baseline: BaselineFile | undefined;
  for (const runId of runIds) {
    const file = results([scenario('linux/virtio-net-pci/tuned/rtt50ms/send', [1.69e9, 1.7e9])]);
    baseline = appendRun(baseline, baselineRunFromResults(file, { runId, branch }), branch);
  }
  return baseline!;
}

function store(runId: string, scenarioSetHash = HASH, log: string[] = []): ActionsCacheStore {
  return new ActionsCacheStore({
    scenarioSetHash,
    runId,
    workDir: join(root, 'work'),
    log: (line) => log.push(line),
  });
}

const requests = (): string[] => service.requests.map((r) => `${r.method} ${r.path.replace(/\?.*/, '')}`);

beforeEach(async () => {
  saved = {};
  for (const name of ENV_NAMES) saved[name] = process.env[name];
  for (const name of ENV_NAMES) delete process.env[name];
  root = await mkdtemp(join(tmpdir(), 'nicgate-cache-'));
  await mkdir(join(root, 'runner-temp'));
  // The library makes archive paths relative to the workspace and its temporary files in RUNNER_TEMP.
  process.env['GITHUB_WORKSPACE'] = root;
  process.env['RUNNER_TEMP'] = join(root, 'runner-temp');
  service = await startFakeCacheService();
  process.env['ACTIONS_RUNTIME_TOKEN'] = service.token;
  // @actions/core writes its log lines (and ::warning:: commands) to stdout.
  output = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await service.close();
  await rm(root, { recursive: true, force: true });
  for (const name of ENV_NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** The requests of a first load and a save, in order, as each protocol makes them. */
const firstLoadAndSave = {
  v1: (entryId: number) => [
    'GET /_apis/artifactcache/cache',
    'POST /_apis/artifactcache/caches',
    `PATCH /_apis/artifactcache/caches/${entryId}`,
    `POST /_apis/artifactcache/caches/${entryId}`,
    'GET /_apis/artifactcache/cache', // the store's check that the key is listed
  ],
  v2: () => [
    'POST /twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
    'POST /twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry',
    'PUT /blob/devstoreaccount1/caches/1',
    'POST /twirp/github.actions.results.api.v1.CacheService/FinalizeCacheEntryUpload',
    'POST /twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL',
  ],
};

describe.each([
  ['legacy REST (v1)', 'v1'],
  ['Twirp (v2)', 'v2'],
] as const)('ActionsCacheStore with the %s cache service', (_, protocol) => {
  beforeEach(() => {
    if (protocol === 'v1') {
      process.env['ACTIONS_CACHE_URL'] = service.url;
    } else {
      process.env['ACTIONS_CACHE_SERVICE_V2'] = 'true';
      process.env['ACTIONS_RESULTS_URL'] = service.url;
    }
  });

  const reserveRequest =
    protocol === 'v1'
      ? 'POST /_apis/artifactcache/caches'
      : 'POST /twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry';

  it('finds nothing at first, then loads what it saved', async () => {
    const log: string[] = [];
    const first = store('100-1', HASH, log);
    expect(await first.load('main')).toEqual({
      status: 'none',
      location: 'GitHub Actions cache, keys starting with nicgate-baseline-v1/main/',
    });

    const baseline = baselineOf('main', ['100-1']);
    const key = `nicgate-baseline-v1/main/${HASH}/100-1`;
    expect(await first.save(baseline)).toEqual({
      status: 'saved',
      location: `GitHub Actions cache key ${key}`,
    });
    expect(service.entries.map((e) => [e.key, e.committed])).toEqual([[key, true]]);
    expect(log).toEqual([`baseline saved as GitHub Actions cache key ${key}`]);
    // What went over the wire is the library's own archive: zstd when installed, else gzip.
    const magic = service.entries[0]!.data.subarray(0, 4).toString('hex');
    expect(magic === '28b52ffd' || magic.startsWith('1f8b')).toBe(true);

    expect(requests()).toEqual(firstLoadAndSave[protocol](service.entries[0]!.id));
    expect(service.requests.find((r) => `${r.method} ${r.path}` === reserveRequest)?.body).toMatchObject({
      key,
    });

    // A later run of the same branch, in a fresh work directory state.
    await rm(join(root, 'work'), { recursive: true, force: true });
    const later = store('101-1');
    expect(await later.load('main')).toEqual({
      status: 'found',
      baseline,
      location: `GitHub Actions cache key ${key}`,
    });
  });

  it('saves each run under its own key and restores the newest', async () => {
    await store('100-1').save(baselineOf('main', ['100-1']));
    const newer = baselineOf('main', ['100-1', '101-1']);
    expect(await store('101-1').save(newer)).toMatchObject({ status: 'saved' });
    expect(service.entries.map((e) => e.key)).toEqual([
      `nicgate-baseline-v1/main/${HASH}/100-1`,
      `nicgate-baseline-v1/main/${HASH}/101-1`,
    ]);
    expect(await store('102-1').load('main')).toEqual({
      status: 'found',
      baseline: newer,
      location: `GitHub Actions cache key nicgate-baseline-v1/main/${HASH}/101-1`,
    });
  });

  it("prefers this scenario set's baseline, else the branch's newest", async () => {
    await store('100-1', 'aaaaaaaaaaaa').save(baselineOf('main', ['100-1']));
    await store('101-1', 'bbbbbbbbbbbb').save(baselineOf('main', ['101-1']));
    const same = await store('102-1', 'aaaaaaaaaaaa').load('main');
    expect(same.status === 'found' && same.baseline.runs[0]!.runId).toBe('100-1');
    const changed = await store('102-1', 'cccccccccccc').load('main');
    expect(changed.status === 'found' && changed.baseline.runs[0]!.runId).toBe('101-1');
  });

  it("does not take another branch's baseline for this one", async () => {
    await store('100-1').save(baselineOf('main-old', ['100-1']));
    await store('100-2').save(baselineOf('feature/x', ['100-2']));
    expect((await store('101-1').load('main')).status).toBe('none');
    expect((await store('101-1').load('feature')).status).toBe('none');
    const found = await store('101-1').load('feature/x');
    expect(found.status === 'found' && found.location).toBe(
      `GitHub Actions cache key nicgate-baseline-v1/feature_2Fx/${HASH}/100-2`,
    );
  });

  it('answers skipped, without throwing, when the key already exists', async () => {
    await store('100-1').save(baselineOf('main', ['100-1']));
    const outcome = await store('100-1').save(baselineOf('main', ['100-1']));
    expect(outcome).toEqual({
      status: 'skipped',
      message: `the cache did not store key nicgate-baseline-v1/main/${HASH}/100-1 (see the cache warning above)`,
    });
    expect(service.entries).toHaveLength(1);
    expect(output.join('')).toContain('Unable to reserve cache with key');
  });

  it('answers skipped when the service refuses the reservation', async () => {
    // A 500 on v2 is retried with backoff for half a minute; 400 shows the same path at once.
    service.failNextReserve = protocol === 'v1' ? 500 : 400;
    const outcome = await store('100-1').save(baselineOf('main', ['100-1']));
    expect(outcome).toMatchObject({ status: 'skipped' });
    expect(service.entries).toHaveLength(0);
  });

  it('reports a cached file it cannot read as unreadable', async () => {
    for (const [runId, fixture] of [
      ['100-1', 'corrupt.json'],
      ['100-2', 'unknown-version.json'],
    ] as const) {
      // Put the file into the cache with the library itself, as an older or broken nicgate might.
      const s = store(runId);
      await mkdir(join(root, 'work', 'baseline-cache'), { recursive: true });
      await writeFile(s.file, await readFile(`fixtures/baselines/${fixture}`));
      const key = baselineSaveKey('main', HASH, runId);
      expect(await cache.saveCache([s.file], key)).toBeGreaterThan(0);

      const loaded = await store('101-1').load('main');
      expect(loaded).toMatchObject({ status: 'unreadable', location: `GitHub Actions cache key ${key}` });
      expect(loaded.status === 'unreadable' && loaded.message).toMatch(
        fixture === 'corrupt.json'
          ? /is not valid JSON/
          : /has schemaVersion 2; this nicgate reads baseline files of schemaVersion 1 only/,
      );
    }
  });

  it('reads a failed download as no baseline: the library reports it only as a warning', async () => {
    await store('100-1').save(baselineOf('main', ['100-1']));
    service.entries[0]!.data = Buffer.from('not an archive');
    expect((await store('101-1').load('main')).status).toBe('none');
    expect(output.join('')).toContain('::warning::Failed to restore');
  });
});

describe('ActionsCacheStore with the legacy service', () => {
  beforeEach(() => {
    process.env['ACTIONS_CACHE_URL'] = service.url;
  });

  it('answers skipped when the upload was reserved but never committed', async () => {
    // The library returns the reserved id even then; the store asks for the key back.
    service.failNextCommit = 400;
    const outcome = await store('100-1').save(baselineOf('main', ['100-1']));
    expect(outcome).toEqual({
      status: 'skipped',
      message: `the cache does not list key nicgate-baseline-v1/main/${HASH}/100-1 after saving it (see the cache warning above)`,
    });
  });
});

describe('ActionsCacheStore with the v2 service and no runtime token', () => {
  beforeEach(() => {
    process.env['ACTIONS_CACHE_SERVICE_V2'] = 'true';
    process.env['ACTIONS_RESULTS_URL'] = service.url;
    delete process.env['ACTIONS_RUNTIME_TOKEN'];
  });

  it('answers skipped when saveCache throws', async () => {
    // saveCache builds its client before its own try: the library's error reaches the store.
    await expect(cache.saveCache([join(root, 'x')], 'k')).rejects.toThrow('ACTIONS_RUNTIME_TOKEN');
    const outcome = await store('100-1').save(baselineOf('main', ['100-1']));
    expect(outcome).toEqual({
      status: 'skipped',
      message: `saving key nicgate-baseline-v1/main/${HASH}/100-1 failed: Unable to get the ACTIONS_RUNTIME_TOKEN env variable`,
    });
  });

  it('loads nothing, the library turning its error into a warning', async () => {
    expect((await store('100-1').load('main')).status).toBe('none');
    expect(output.join('')).toContain(
      '::warning::Failed to restore: Unable to get the ACTIONS_RUNTIME_TOKEN',
    );
  });
});

describe('ActionsCacheStore without a cache service', () => {
  it('loads nothing and saves nothing, saying why', async () => {
    const s = store('100-1');
    expect(await s.load('main')).toEqual({
      status: 'none',
      location: 'GitHub Actions cache, keys starting with nicgate-baseline-v1/main/',
      message: expect.stringContaining('cache service is not available'),
    });
    expect(await s.save(baselineOf('main', ['100-1']))).toEqual({
      status: 'skipped',
      message: expect.stringContaining('cache service is not available'),
    });
    expect(service.requests).toEqual([]);
  });
});
