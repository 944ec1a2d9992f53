import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { buildBasePlan } from '../../src/gate/base-plan.js';
import type { BaseArtifacts } from '../../src/config/paired-options.js';
import { hashPath } from '../../src/config/content-hash.js';
import { changedScenarios, fingerprintsOf, scenarioInputs } from '../../src/gate/fingerprint.js';
import { openBaseCommit } from '../../src/gate/git-base.js';
import { hostPaths } from '../../src/config/host-paths.js';
import type { RawOptions } from '../../src/config/options.js';
import type { PathProbe } from '../../src/config/paths.js';
import { buildPlan, type PlanDeps } from '../../src/config/plan.js';
import type { RunPlan } from '../../src/model/plan.js';
import { runCommand } from '../../src/proc/exec.js';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';

const TUNED = '# Long fat pipes\nnet.core.rmem_max = 16777216\nnet.ipv4.tcp_congestion_control = bbr\n';
const OTHER = 'net.core.wmem_max = 4194304\n';
const CONFIG =
  'nic: virtio-net-pci\nlink: lan\nrepetitions: 3\nprofile: [stock, profiles/tuned.conf, profiles/other.conf]\n';

// History: a commit with a broken profile, the base, and the head. The head changes one line of
// tuned.conf, adds a comment to other.conf, adds a profile and drops the base's `out` (a folder
// that does not exist); the work tree holds the head, as in a pull request's checkout.
let repo: GitFixture;
let brokenSha: string;
let baseSha: string;
beforeAll(() => {
  repo = makeGitRepo();
  repo.write('profiles/broken.conf', 'net.core.rmem_max = "quoted"\n');
  brokenSha = repo.commit('a broken profile');
  repo.write('profiles/broken.conf', 'net.core.rmem_max = 1\n');
  repo.write('profiles/tuned.conf', TUNED);
  repo.write('profiles/other.conf', OTHER);
  repo.write('nicgate.yml', `${CONFIG}out: results/base.json\n`);
  repo.write('bzImage', 'head kernel');
  repo.write('base-bzImage', 'base kernel');
  baseSha = repo.commit('base');
  repo.write('profiles/tuned.conf', TUNED.replace('16777216', '8388608'));
  repo.write('profiles/other.conf', `# Written for the lab's switch\n${OTHER}`);
  repo.write('profiles/fresh.conf', 'net.core.rmem_max = 1048576\n');
  repo.write('profiles/fresh.yml', 'nic: e1000\n');
  repo.write('nicgate.yml', CONFIG.replace('other.conf]', 'other.conf, profiles/fresh.conf]'));
  repo.commit('head');
});
afterAll(() => repo.remove());

/** The disk as seen from the repository's root (the tests do not change the process's directory). */
function probe(): PathProbe {
  const at = (path: string): string => resolve(repo.dir, path);
  return {
    kind: (path) => hostPaths.kind(at(path)),
    readable: (path) => hostPaths.readable(at(path)),
    writable: (path) => hostPaths.writable(at(path)),
    parent: (path) => dirname(at(path)),
  };
}

function headPlan(raw: RawOptions): RunPlan {
  const deps: PlanDeps = {
    readFile: (path) => readFileSync(resolve(repo.dir, path), 'utf8'),
    paths: probe(),
  };
  return buildPlan(raw, deps);
}

interface Side {
  ref?: string;
  artifacts?: BaseArtifacts;
  /** The head's flags when they differ from the base's. */
  head?: RawOptions;
}

async function basePlan(raw: RawOptions, { ref = baseSha, artifacts, head = raw }: Side = {}) {
  const base = await openBaseCommit(ref, runCommand, repo.dir);
  return await buildBasePlan(raw, headPlan(head), {
    base,
    paths: probe(),
    ...(artifacts ? { artifacts } : {}),
  });
}

const hashInRepo = (path: string): string => hashPath(resolve(repo.dir, path));

/** `profile change` for each scenario (one NIC, one link, one direction in these tests). */
async function changes(raw: RawOptions, artifacts?: BaseArtifacts): Promise<string[]> {
  const { plan } = await basePlan(raw, artifacts ? { artifacts } : {});
  const base = fingerprintsOf(scenarioInputs(plan, hashInRepo));
  const head = fingerprintsOf(scenarioInputs(headPlan(raw), hashInRepo));
  return changedScenarios(base, head).map(({ key, change }) => `${key.split('/')[2]} ${change}`);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected a rejection');
  return outcome;
}

describe('buildBasePlan', () => {
  it('reads nicgate.yml and the profiles as they were at the base', async () => {
    const { plan, missing } = await basePlan({ config: 'nicgate.yml' });
    expect(missing).toEqual([]);
    expect(plan.measure.repetitions).toBe(3);
    expect(plan.scenarios.map((scenario) => scenario.key)).toEqual([
      'linux/virtio-net-pci/stock/lan/send',
      'linux/virtio-net-pci/tuned/lan/send',
      'linux/virtio-net-pci/other/lan/send',
    ]);
    expect(plan.scenarios[1]!.profile.sysctls[0]).toEqual({ name: 'net.core.rmem_max', value: '16777216' });
  });

  it("measures the head's metrics on both sides, so each pair compares the same figures", async () => {
    const { plan } = await basePlan(
      { config: 'nicgate.yml' },
      { head: { config: 'nicgate.yml', metrics: 'tcp-stats' } },
    );
    expect(plan.measure.metrics).toEqual(['throughput', 'tcp-stats']);
    // The same metrics on both sides: they make no scenario "changed".
    const head = { config: 'nicgate.yml', metrics: 'tcp-stats' };
    const base = fingerprintsOf(scenarioInputs((await basePlan(head)).plan, hashInRepo));
    const headPrints = fingerprintsOf(scenarioInputs(headPlan(head), hashInRepo));
    expect(changedScenarios(base, headPrints).map(({ change }) => change)).toEqual([
      'unchanged',
      'changed',
      'unchanged',
      'new',
    ]);
  });

  it('tells changed, unchanged and new scenarios apart', async () => {
    expect(await changes({ config: 'nicgate.yml' })).toEqual([
      'stock unchanged',
      'tuned changed',
      'other unchanged',
      'fresh new',
    ]);
  });

  it('lists a profile missing at the base, and its scenarios are new', async () => {
    const raw = { nic: 'e1000', link: 'lan', profile: 'profiles/fresh.conf,profiles/tuned.conf' };
    const { plan, missing } = await basePlan(raw);
    expect(missing).toEqual(['profiles/fresh.conf']);
    expect(plan.scenarios.map((scenario) => scenario.profile.name)).toEqual(['tuned']);
    expect(await changes(raw)).toEqual(['fresh new', 'tuned changed']);
  });

  it('plans no scenarios when every profile is new, and lists a config file the base lacks', async () => {
    const fresh = await basePlan({
      config: 'profiles/fresh.yml',
      profile: 'profiles/fresh.conf',
      link: 'lan',
    });
    expect(fresh.missing).toEqual(['profiles/fresh.yml', 'profiles/fresh.conf']);
    expect(fresh.plan.scenarios).toEqual([]);
  });

  it('keeps the head kernel unless the workflow built one for the base', async () => {
    const raw = { nic: 'e1000', link: 'lan', profile: 'stock', kernel: 'bzImage' };
    expect((await basePlan(raw)).plan.kernel).toEqual({ image: 'bzImage' });
    expect(await changes(raw)).toEqual(['stock unchanged']);
    const built = await basePlan(raw, { artifacts: { kernel: 'base-bzImage' } });
    expect(built.plan.kernel).toEqual({ image: 'base-bzImage' });
    expect(await changes(raw, { kernel: 'base-bzImage' })).toEqual(['stock changed']);
  });

  it('checks the base artifacts under their own names', async () => {
    const raw = { nic: 'e1000', link: 'lan', kernel: 'bzImage' };
    const lost = await failure(basePlan(raw, { artifacts: { kernel: 'no-such-image' } }));
    expect(lost.message).toMatch(/^base-kernel: "no-such-image" does not exist/);
    const alone = await failure(basePlan(raw, { artifacts: { kernelModules: 'profiles' } }));
    expect(alone).toBeInstanceOf(InputError);
    expect(alone.message).toMatch(/^base-kernel-modules: "profiles" needs base-kernel too/);
  });

  it("keeps the head's output paths, not those in the base's nicgate.yml", async () => {
    expect((await basePlan({ config: 'nicgate.yml' })).plan.outPath).toBe('results.json');
    const raw = {
      config: 'nicgate.yml',
      out: 'head-results.json',
      'work-dir': '.scratch',
      // .scratch lies in this checkout: refused unless asked for.
      'allow-work-dir-in-checkout': 'true',
    };
    const { plan } = await basePlan(raw);
    expect(plan.outPath).toBe('head-results.json');
    expect(plan.workDir).toBe('.scratch');
  });

  it('names --base-ref and the ref when a base input is not valid', async () => {
    const raw = { nic: 'e1000', link: 'lan', profile: 'profiles/broken.conf' };
    const error = await failure(basePlan(raw, { ref: brokenSha.slice(0, 10) }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /^--base-ref: ".{10}" has inputs nicgate cannot use at .{12}: profiles\/broken.conf:1:/,
    );
    expect(error.cause).toBeInstanceOf(InputError);
  });

  it('refuses a profile outside the work tree and a ref that is not a commit', async () => {
    const raw = { nic: 'e1000', link: 'lan', profile: '../elsewhere/x.conf' };
    const outside = await failure(basePlan(raw, { head: { nic: 'e1000', link: 'lan' } }));
    expect(outside).toBeInstanceOf(InputError);
    expect(outside.message).toMatch(/^--profile: "..\/elsewhere\/x.conf" leaves the git work tree/);
    const ref = await failure(basePlan({}, { ref: 'nope' }));
    expect(ref.message).toMatch(/^--base-ref: "nope" is not a commit in this repository/);
  });
});
