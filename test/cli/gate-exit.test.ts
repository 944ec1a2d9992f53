import { cliGate, gateExitCode, type CliGatePolicy } from '../../src/cli/gate-exit.js';
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
const regression = { key: 'k', kind: 'regression', reason: '-99%', basis: 'paired' } as Verdict;
const noPairs: Verdict = {
  key: 'k',
  kind: 'error',
  error: 'no pairs were measured',
  reason: 'cannot compare: no pairs were measured',
  basis: 'paired',
};
const unchangedInputs = {
  key: 'k',
  kind: 'inputs-unchanged',
  reason: 'same',
  basis: 'inputs-unchanged',
} as Verdict;
const defaults = { onInconclusive: 'pass', onError: 'fail' } as const;

const pairedExitCode = (verdicts: VerdictsFile, failed: string[], policy: CliGatePolicy): number =>
  gateExitCode(cliGate(verdicts.verdicts, failed, policy));

describe('the exit code of a paired run', () => {
  it('passes when nothing regressed', () => {
    expect(pairedExitCode(file([unchangedInputs]), [], defaults)).toBe(0);
  });

  it('fails on a regression or a failed scenario', () => {
    expect(pairedExitCode(file([regression]), [], defaults)).toBe(1);
    expect(pairedExitCode(file([]), ['linux/e1000/stock/lan/send'], defaults)).toBe(1);
  });

  // The busy-machine case of issue 26: every block dropped, verdict `error`, and the job passed.
  it('fails closed on a scenario that could not be judged, unless --on-error pass', () => {
    expect(pairedExitCode(file([noPairs]), [], defaults)).toBe(1);
    expect(pairedExitCode(file([noPairs]), [], { ...defaults, onInconclusive: 'fail' })).toBe(1);
    expect(pairedExitCode(file([noPairs]), [], { ...defaults, onError: 'pass' })).toBe(0);
    expect(pairedExitCode(file([]), ['k'], { ...defaults, onError: 'pass' })).toBe(0);
  });

  it('fails an inconclusive verdict only when asked to', () => {
    expect(pairedExitCode(file([inconclusive]), [], defaults)).toBe(0);
    expect(pairedExitCode(file([inconclusive]), [], { ...defaults, onInconclusive: 'fail' })).toBe(1);
  });
});

describe('the exit code of a run without verdicts', () => {
  it('fails on a failed scenario unless --on-error pass', () => {
    expect(gateExitCode(cliGate([], ['k'], defaults))).toBe(1);
    expect(gateExitCode(cliGate([], ['k'], { ...defaults, onError: 'pass' }))).toBe(0);
    expect(gateExitCode(cliGate([], [], defaults))).toBe(0);
  });
});
