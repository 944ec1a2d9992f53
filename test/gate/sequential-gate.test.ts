// The paired gate with sequential looks on (the default) and off: real git and a real profile
// changed between the base and the head, the measurement replaced by blocks the test gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PairedScenario, PairedSettings } from '../../src/engine/paired-loop.js';
import type { ResultsFile, ScenarioResult } from '../../src/model/results.js';
import { pairedVerdictsFile } from '../../src/verdicts/paired-file.js';
import { results, scenario } from '../baseline/sample-results.js';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { gateRun } from './gate-run.js';

let repo: GitFixture;
let scratch: string;
beforeEach(() => {
  repo = makeGitRepo();
  repo.write('profiles/tuned.conf', 'net.ipv4.tcp_wmem = 4096 16384 16777216\n');
  repo.commit('base');
  repo.write('profiles/tuned.conf', 'net.ipv4.tcp_wmem = 4096 16384 65536\n');
  scratch = mkdtempSync(join(tmpdir(), 'nicgate-sequential-'));
});
afterEach(() => {
  repo.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** `pairs` blocks per scenario, the head 10% down with a little spread. */
function measured(pairs: readonly PairedScenario[], side: 'base' | 'head', count: number): ResultsFile {
  return results(
    pairs.map((s): ScenarioResult => {
      const rate = (block: number) => (side === 'base' ? 1e9 : 9e8 + (block % 3) * 5e6);
      const blocks = Array.from({ length: count }, (_, i) => ({
        block: i + 1,
        order: 'AB',
        samples: [rate(i)],
        median: rate(i),
      }));
      return scenario(s.key, [rate(0)], { pairedBlocks: blocks });
    }),
  );
}

async function gate(flags: Record<string, string>) {
  const raw = {
    out: join(scratch, 'head.json'),
    'work-dir': join(scratch, 'work'),
    nic: 'e1000,virtio-net-pci',
    link: 'lan',
    profile: `stock,${join(repo.dir, 'profiles', 'tuned.conf')}`,
  };
  const loops: PairedSettings[] = [];
  const { outcome, options } = await gateRun(repo.dir, raw, flags, (_plans, pairs, settings) => {
    loops.push(settings);
    const count = Math.min(settings.pairs, 4);
    return Promise.resolve({
      base: measured(pairs, 'base', count),
      head: measured(pairs, 'head', count),
      failed: [],
    });
  });
  return { outcome, loop: loops[0]!, options };
}

describe('the paired gate with sequential looks', () => {
  it('hands the engine the look, tested at alpha over the changed scenarios, and records the design', async () => {
    const { outcome, loop } = await gate({});
    expect(loop.pairs).toBe(12);
    expect(loop.look?.firstLook).toBe(3);
    expect(outcome.verdicts.paired).toMatchObject({
      pairs: 12,
      design: { sequential: true, firstLook: 3, cap: 12, tests: 2 },
    });
    const changed = outcome.verdicts.verdicts.filter((v) => v.basis === 'paired');
    expect(changed).toHaveLength(2);
    for (const verdict of changed) {
      expect(verdict.kind).toBe('regression');
      expect(verdict.reason).toMatch(/^a -9\.\d% change over 4 pairs \(95% CI /);
      expect(verdict.reason).toContain('Bonferroni over 2 scenarios');
      expect(verdict.pairs).toMatchObject({ used: 4, needed: 3 });
    }
  });

  it('with --sequential off measures the fixed 8 pairs with no look, judged as before it existed', async () => {
    const { outcome, loop, options } = await gate({ sequential: 'off' });
    expect(loop.pairs).toBe(8);
    expect(loop.look).toBeUndefined();
    expect(outcome.verdicts.paired?.design).toEqual({ sequential: false, cap: 8 });
    // The same verdicts, byte for byte, as the fixed rule gives with no design recorded.
    const paired = outcome.verdicts.paired!;
    const fixed = pairedVerdictsFile({
      changes: outcome.verdicts.verdicts.map(({ key, kind, inputs }) => ({
        key,
        change: kind === 'inputs-unchanged' ? 'unchanged' : 'changed',
        ...(inputs === undefined ? {} : { inputs }),
      })),
      measured: new Set(outcome.verdicts.verdicts.filter((v) => v.basis === 'paired').map((v) => v.key)),
      base: outcome.base,
      head: outcome.head,
      settings: { threshold: options.threshold, alpha: options.alpha },
      commits: { base: paired.baseCommit, head: paired.headCommit },
      pairs: paired.pairs,
      seed: paired.seed,
    });
    expect(JSON.stringify(outcome.verdicts.verdicts)).toBe(JSON.stringify(fixed.verdicts));
    expect(outcome.verdicts.verdicts.find((v) => v.basis === 'paired')?.reason).toMatch(/Holm-adjusted/);
  });
});
