// The Action's annotations, written by the real @actions/core as workflow commands on stdout: a
// changed scenario's annotation points at the profile line that changed, so GitHub shows it in the
// pull request's "Files changed".
import { jest } from '@jest/globals';
import type { InputDifferences } from '../../src/model/input-change.js';
import type { Verdict } from '../../src/model/verdicts.js';
import {
  annotateImprovements,
  annotateInconclusive,
  annotateRegressions,
} from '../../src/action/report-step.js';
import { REGRESSION, WMEM_CAPPED } from '../report/fixtures.js';

const KEY = 'linux/e1000/tuned/rtt50ms/send';
const TITLE = `nicgate%3A throughput regressed (${KEY})`;

const CHANGED: InputDifferences = {
  differences: [
    { input: 'net.ipv4.tcp_congestion_control', change: 'removed', base: 'bbr', file: 'profiles/tuned.conf' },
    WMEM_CAPPED,
  ],
};

/** The workflow commands `write` printed. */
function commands(write: () => void): string[] {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('::'));
}

const regression: Verdict = { ...REGRESSION, inputs: CHANGED };

describe('annotations of changed scenarios', () => {
  it("put a regression at the head profile's line of its first changed sysctl, with every difference", () => {
    expect(commands(() => annotateRegressions([regression], 'fail', true))).toEqual([
      `::error title=${TITLE},file=profiles/tuned.conf,line=4::${KEY}: ${REGRESSION.reason.replace(/%/g, '%25')}; inputs base → head: ` +
        'net.ipv4.tcp_congestion_control = bbr (removed; profiles/tuned.conf); ' +
        'net.ipv4.tcp_wmem max 16777216 → 65536 (profiles/tuned.conf:4)',
    ]);
  });

  it('follow the gate rule: a regression that does not fail the job is a warning', () => {
    const [line] = commands(() => annotateRegressions([regression], 'warn', true));
    expect(line).toMatch(
      /^::warning title=nicgate%3A throughput regressed .*,file=profiles\/tuned\.conf,line=4::/,
    );
  });

  it('put an improvement as a notice and an inconclusive verdict as the gate says, at the same line', () => {
    const improvement = { ...regression, kind: 'improvement' } as Verdict;
    const inconclusive = { ...regression, kind: 'inconclusive' } as Verdict;
    expect(commands(() => annotateImprovements([improvement], true))).toEqual([
      expect.stringMatching(
        /^::notice title=nicgate%3A throughput improved \(.*\),file=profiles\/tuned\.conf,line=4::/,
      ),
    ]);
    expect(commands(() => annotateInconclusive([inconclusive], 'warn', true))).toEqual([
      expect.stringMatching(
        /^::warning title=nicgate%3A inconclusive \(.*\),file=profiles\/tuned\.conf,line=4::/,
      ),
    ]);
    expect(commands(() => annotateInconclusive([inconclusive], 'fail', true))[0]).toMatch(/^::error title=/);
  });

  it('put a change that only removed sysctls on the file, without a line', () => {
    const removed = { ...regression, inputs: { differences: [CHANGED.differences[0]!] } };
    const [line] = commands(() => annotateRegressions([removed], 'fail', true));
    expect(line).toMatch(/^::error title=[^:]*,file=profiles\/tuned\.conf::/);
  });

  it('put nothing in a place where this job did not resolve the file, nor for inputs outside profiles', () => {
    const [unlocated] = commands(() => annotateRegressions([regression], 'fail', false));
    expect(unlocated).toMatch(new RegExp(`^::error title=${TITLE.replace(/[()]/g, '\\$&')}::`));
    // The text still says where.
    expect(unlocated).toContain('(profiles/tuned.conf:4)');
    const link = {
      ...regression,
      inputs: {
        differences: [{ input: 'link RTT', change: 'changed' as const, base: '50 ms', head: '100 ms' }],
      },
    };
    expect(commands(() => annotateRegressions([link], 'fail', true))[0]).not.toContain('file=');
  });

  it('escape what a file could carry in a property, as @actions/core does', () => {
    const odd = {
      ...regression,
      inputs: { differences: [{ ...CHANGED.differences[1]!, file: 'profiles/a,b:c%d.conf' }] },
    };
    expect(commands(() => annotateRegressions([odd], 'fail', true))[0]).toContain(
      ',file=profiles/a%2Cb%3Ac%25d.conf,line=4::',
    );
  });
});
