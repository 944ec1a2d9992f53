import { pairedExitCode } from '../../src/cli/run-command.js';
import { VERDICTS_SCHEMA_VERSION, type Verdict, type VerdictsFile } from '../../src/model/verdicts.js';

function file(verdicts: Verdict[]): VerdictsFile {
  return {
    schemaVersion: VERDICTS_SCHEMA_VERSION,
    settings: { threshold: 0.05, alpha: 0.01, allowEnvironmentChange: false },
    baseline: { source: 'base', runs: [] },
    environmentNotes: [],
    verdicts,
    regressed: verdicts.some((v) => v.kind === 'regression'),
  };
}

const inconclusive = { key: 'k', kind: 'inconclusive', reason: 'too few pairs', basis: 'paired' } as Verdict;
const unchangedInputs = {
  key: 'k',
  kind: 'inputs-unchanged',
  reason: 'same',
  basis: 'inputs-unchanged',
} as Verdict;

describe('pairedExitCode', () => {
  it('passes when nothing regressed', () => {
    expect(pairedExitCode(file([unchangedInputs]), [], 'pass')).toBe(0);
  });

  it('fails on a regression or a failed scenario', () => {
    const regressed = { ...file([]), regressed: true };
    expect(pairedExitCode(regressed, [], 'pass')).toBe(1);
    expect(pairedExitCode(file([]), ['linux/e1000/stock/lan/send'], 'pass')).toBe(1);
  });

  it('fails an inconclusive verdict only when asked to', () => {
    expect(pairedExitCode(file([inconclusive]), [], 'pass')).toBe(0);
    expect(pairedExitCode(file([inconclusive]), [], 'fail')).toBe(1);
  });
});
