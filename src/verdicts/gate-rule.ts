// The gate's rule, written once for the CLI and the Action: which verdicts fail the job. A scenario
// that could not be judged (an `error` verdict, or a scenario whose run failed) fails by default:
// "could not measure" must never read as "no regression". Pure.
import type { GateChoice } from '../config/gate-policy.js';
import type { Verdict } from '../model/verdicts.js';

export interface GatePolicy {
  failOnRegression: boolean;
  onInconclusive: GateChoice;
  onError: GateChoice;
}

/** The keys behind each kind of problem, whether or not the policy fails on it. */
export interface GateJudgement {
  regressed: string[];
  /** Not judged: `error` verdicts and scenarios whose run failed, each key once. */
  errors: string[];
  inconclusive: string[];
  /** Whether the job fails under the policy. */
  fails: boolean;
}

/**
 * Inconclusive verdicts the gate acts on: not those whose stored baseline is still too short to
 * judge (numbers only, never failing).
 */
export function judgedInconclusive(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter(
    (v) => v.kind === 'inconclusive' && !(v.history && v.history.runs < v.history.needed),
  );
}

export function judgeGate(
  verdicts: readonly Verdict[],
  failedScenarios: readonly string[],
  policy: GatePolicy,
): GateJudgement {
  const regressed = verdicts.filter((v) => v.kind === 'regression').map((v) => v.key);
  const errors = [
    ...new Set([...failedScenarios, ...verdicts.filter((v) => v.kind === 'error').map((v) => v.key)]),
  ];
  const inconclusive = judgedInconclusive(verdicts).map((v) => v.key);
  const fails =
    (policy.failOnRegression && regressed.length > 0) ||
    (policy.onError === 'fail' && errors.length > 0) ||
    (policy.onInconclusive === 'fail' && inconclusive.length > 0);
  return { regressed, errors, inconclusive, fails };
}
