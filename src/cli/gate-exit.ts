// The command line's exit code after a run or a comparison: the gate's one rule
// (verdicts/gate-rule.ts), as the Action applies it. The command line has no fail-on-regression: a
// regression always fails it.
import { EXIT_FAILURE, EXIT_OK } from '../common/errors.js';
import type { Verdict } from '../model/verdicts.js';
import { judgeGate, type GateJudgement, type GatePolicy } from '../verdicts/gate-rule.js';

export type CliGatePolicy = Pick<GatePolicy, 'onInconclusive' | 'onError'>;

export function cliGate(
  verdicts: readonly Verdict[],
  failed: readonly string[],
  policy: CliGatePolicy,
): GateJudgement {
  return judgeGate(verdicts, failed, { failOnRegression: true, ...policy });
}

export function gateExitCode(judgement: GateJudgement): number {
  return judgement.fails ? EXIT_FAILURE : EXIT_OK;
}
