// The paired gate says why a changed scenario changed: real git, a real profile file changed between
// the base and the head commit, the measurement replaced by the guests' reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PairedScenario } from '../../src/engine/paired-loop.js';
import type { ResultsFile, ScenarioResult } from '../../src/model/results.js';
import { results, scenario } from '../baseline/sample-results.js';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { gateRun } from './gate-run.js';

const BASE_PROFILE = [
  '# Long fat pipes',
  'net.core.rmem_max = 16777216',
  '',
  'net.ipv4.tcp_wmem = 4096 16384 16777216',
  'net.core.wmem_max = 16777216',
].join('\n');
// Line 4 changes its max; line 5 goes; a knob is added on line 6.
const HEAD_PROFILE = [
  '# Long fat pipes',
  'net.core.rmem_max = 16777216',
  '',
  'net.ipv4.tcp_wmem = 4096 16384 65536',
  '# no wmem_max any more',
  'net.ipv4.tcp_congestion_control = bbr',
].join('\n');

let repo: GitFixture;
let scratch: string;
beforeEach(() => {
  repo = makeGitRepo();
  repo.write('profiles/tuned.conf', `${BASE_PROFILE}\n`);
  repo.commit('base');
  repo.write('profiles/tuned.conf', `${HEAD_PROFILE}\n`);
  scratch = mkdtempSync(join(tmpdir(), 'nicgate-why-'));
});
afterEach(() => {
  repo.remove();
  rmSync(scratch, { recursive: true, force: true });
});

/** What each side's guest reported, and blocks in which the head is half as fast. */
function measured(pairs: readonly PairedScenario[], side: 'base' | 'head'): ResultsFile {
  const applied = (s: PairedScenario) => s[side].profile.sysctls.map(({ name, value }) => ({ name, value }));
  return results(
    pairs.map((s): ScenarioResult => {
      const rate = (block: number) => (side === 'base' ? 1e9 : 5e8) + block * 1e6;
      const blocks = Array.from({ length: 8 }, (_, i) => ({
        block: i + 1,
        order: 'AB',
        samples: [rate(i)],
        median: rate(i),
      }));
      return scenario(s.key, [rate(0)], {
        appliedSysctls: applied(s),
        effectiveSysctls: [
          { name: 'net.ipv4.tcp_congestion_control', value: side === 'base' ? 'cubic' : 'bbr' },
        ],
        pairedBlocks: blocks,
      });
    }),
  );
}

describe('the paired gate: why a changed scenario changed', () => {
  it('records each difference base → head with the head file and line, on the verdict', async () => {
    const profile = join(repo.dir, 'profiles', 'tuned.conf');
    const raw = {
      out: join(scratch, 'head.json'),
      'work-dir': join(scratch, 'work'),
      nic: 'e1000',
      link: 'lan',
      profile: `stock,${profile}`,
    };
    const { outcome } = await gateRun(repo.dir, raw, {}, (_plans, pairs) =>
      Promise.resolve({ base: measured(pairs, 'base'), head: measured(pairs, 'head'), failed: [] }),
    );
    const [tuned, stock] = ['linux/e1000/tuned/lan/send', 'linux/e1000/stock/lan/send'].map((key) =>
      outcome.verdicts.verdicts.find((v) => v.key === key),
    );
    expect(stock).toMatchObject({ kind: 'inputs-unchanged' });
    expect(stock!.inputs).toBeUndefined();
    expect(tuned!.kind).toBe('regression');
    expect(tuned!.inputs).toEqual({
      differences: [
        {
          input: 'net.ipv4.tcp_wmem',
          field: 'max',
          change: 'changed',
          base: '16777216',
          head: '65536',
          file: 'profiles/tuned.conf',
          line: 4,
        },
        {
          input: 'net.ipv4.tcp_congestion_control',
          change: 'added',
          base: 'cubic',
          head: 'bbr',
          file: 'profiles/tuned.conf',
          line: 6,
        },
        { input: 'net.core.wmem_max', change: 'removed', base: '16777216', file: 'profiles/tuned.conf' },
      ],
    });
  });
});
