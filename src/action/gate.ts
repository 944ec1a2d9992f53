// The gate's one failure message. Lists are capped: thousands of keys make a message nobody reads
// and an annotation GitHub truncates anyway. Which problems fail is verdicts/gate-rule.ts's call.
import { GATE_PROBLEMS, type GateJudgement, type GateProblem } from '../verdicts/gate-rule.js';
import { consoleText } from '../report/console-text.js';

/** Keys listed at most in one failure message. */
export const MAX_LISTED_KEYS = 20;

/** `a, b, c and 12 more`. */
export function listCapped(items: readonly string[], max: number = MAX_LISTED_KEYS): string {
  const shown = items.slice(0, Math.max(1, max)).map(consoleText);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

const PROBLEM_TEXT: Readonly<Record<GateProblem, (keys: readonly string[]) => string>> = {
  unjudged: (keys) => `${keys.length} scenario(s) could not be judged (on-error: fail): ${listCapped(keys)}`,
  regressed: (keys) => `throughput regressed: ${listCapped(keys)}`,
  inconclusive: (keys) => `inconclusive (on-inconclusive: fail): ${listCapped(keys)}`,
};

/** Why the step fails, or undefined when it passes. */
export function gateFailure({ problems, fails }: GateJudgement): string | undefined {
  if (!fails) return undefined;
  return GATE_PROBLEMS.filter((problem) => problems[problem].outcome === 'fail')
    .map((problem) => PROBLEM_TEXT[problem](problems[problem].keys))
    .join('; ');
}
