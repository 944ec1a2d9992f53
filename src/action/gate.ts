// The gate's one failure message. Lists are capped: thousands of keys make a message nobody reads
// and an annotation GitHub truncates anyway. Which problems fail is verdicts/gate-rule.ts's call.
import type { GatePolicy, GateJudgement } from '../verdicts/gate-rule.js';
import { consoleText } from '../report/console-text.js';

/** Keys listed at most in one failure message. */
export const MAX_LISTED_KEYS = 20;

/** `a, b, c and 12 more`. */
export function listCapped(items: readonly string[], max: number = MAX_LISTED_KEYS): string {
  const shown = items.slice(0, Math.max(1, max)).map(consoleText);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** Why the step fails, or undefined when it passes. */
export function gateFailure(judgement: GateJudgement, policy: GatePolicy): string | undefined {
  if (!judgement.fails) return undefined;
  const problems: string[] = [];
  const { errors, regressed, inconclusive } = judgement;
  if (errors.length > 0 && policy.onError === 'fail')
    problems.push(`${errors.length} scenario(s) could not be judged (on-error: fail): ${listCapped(errors)}`);
  if (regressed.length > 0 && policy.failOnRegression)
    problems.push(`throughput regressed: ${listCapped(regressed)}`);
  if (inconclusive.length > 0 && policy.onInconclusive === 'fail')
    problems.push(`inconclusive (on-inconclusive: fail): ${listCapped(inconclusive)}`);
  return problems.join('; ');
}
