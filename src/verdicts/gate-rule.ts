// The gate's rule, written once for the CLI and the Action: what each scenario's verdict does to
// the job. A scenario that could not be judged (an `error` verdict, or a scenario whose run failed)
// fails by default: "could not measure" must never read as "no regression". Pure.
import type { GateChoice } from '../config/gate-policy.js';
import type { Verdict, VerdictKind } from '../model/verdicts.js';

export interface GatePolicy {
  failOnRegression: boolean;
  onInconclusive: GateChoice;
  onError: GateChoice;
}

/** `warn`: the job passes, and says so (a warning annotation); `fail`: the job fails. */
export type GateOutcome = 'pass' | 'warn' | 'fail';

/** What the gate judges a scenario by: its verdict's kind, or one of two cases a kind does not tell. */
export type GateSubject =
  | VerdictKind
  /** Inconclusive only because the stored baseline holds too few runs of its testbed: numbers only. */
  | 'inconclusive-short-history'
  /** A scenario whose run failed: nothing to judge. */
  | 'failed-run';

/** What a job can fail on; the failure message and the annotations speak of these. */
export type GateProblem = 'regressed' | 'unjudged' | 'inconclusive';
/** In the order the failure message names them. */
export const GATE_PROBLEMS: readonly GateProblem[] = ['unjudged', 'regressed', 'inconclusive'];

interface GateRow {
  /** The problem the subject counts as, if any. */
  problem?: GateProblem;
  outcome: (policy: GatePolicy) => GateOutcome;
}

const PASSES: GateRow = { outcome: () => 'pass' };
const failOrWarn = (choice: GateChoice): GateOutcome => (choice === 'fail' ? 'fail' : 'warn');

/** The table: each subject, the problem it counts as, and what it does to the job under the settings. */
export const GATE_TABLE: Readonly<Record<GateSubject, GateRow>> = {
  regression: { problem: 'regressed', outcome: (p) => (p.failOnRegression ? 'fail' : 'warn') },
  error: { problem: 'unjudged', outcome: (p) => failOrWarn(p.onError) },
  'failed-run': { problem: 'unjudged', outcome: (p) => failOrWarn(p.onError) },
  inconclusive: { problem: 'inconclusive', outcome: (p) => failOrWarn(p.onInconclusive) },
  'inconclusive-short-history': PASSES,
  improvement: PASSES,
  unchanged: PASSES,
  new: PASSES,
  missing: PASSES,
  'inputs-unchanged': PASSES,
};

export function gateSubject(verdict: Verdict): GateSubject {
  const shortHistory = verdict.history !== undefined && verdict.history.runs < verdict.history.needed;
  return verdict.kind === 'inconclusive' && shortHistory ? 'inconclusive-short-history' : verdict.kind;
}

/** The problem's keys, each once in the order met, and what they do to the job. */
export interface GateProblemKeys {
  keys: string[];
  outcome: GateOutcome;
}

export interface GateJudgement {
  problems: Record<GateProblem, GateProblemKeys>;
  /** Whether the job fails: some problem has keys and the table says `fail` for it. */
  fails: boolean;
}

/** Inconclusive verdicts the gate acts on (warns or fails on): not those of a short history. */
export function judgedInconclusive(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter((v) => GATE_TABLE[gateSubject(v)].problem === 'inconclusive');
}

const SEVERITY: readonly GateOutcome[] = ['pass', 'warn', 'fail'];
const worse = (a: GateOutcome, b: GateOutcome): GateOutcome =>
  SEVERITY.indexOf(a) >= SEVERITY.indexOf(b) ? a : b;

export function judgeGate(
  verdicts: readonly Verdict[],
  failedScenarios: readonly string[],
  policy: GatePolicy,
): GateJudgement {
  const found = new Map<GateProblem, { keys: Set<string>; outcome: GateOutcome }>();
  const note = (subject: GateSubject, key: string): void => {
    const { problem, outcome } = GATE_TABLE[subject];
    if (problem === undefined) return;
    const entry = found.get(problem) ?? { keys: new Set<string>(), outcome: 'pass' };
    entry.keys.add(key);
    entry.outcome = worse(entry.outcome, outcome(policy));
    found.set(problem, entry);
  };
  for (const key of failedScenarios) note('failed-run', key);
  for (const verdict of verdicts) note(gateSubject(verdict), verdict.key);
  const problems = Object.fromEntries(
    GATE_PROBLEMS.map((problem) => {
      const entry = found.get(problem);
      return [problem, { keys: [...(entry?.keys ?? [])], outcome: entry?.outcome ?? 'pass' }];
    }),
  ) as Record<GateProblem, GateProblemKeys>;
  return { problems, fails: GATE_PROBLEMS.some((problem) => problems[problem].outcome === 'fail') };
}
