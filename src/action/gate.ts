// The gate's one failure message. Lists are capped: thousands of keys make a message nobody reads
// and an annotation GitHub truncates anyway.
import type { Verdict } from '../model/verdicts.js';
import { consoleText } from '../report/console-text.js';

/** Keys listed at most in one failure message. */
export const MAX_LISTED_KEYS = 20;

/** `a, b, c and 12 more`. */
export function listCapped(items: readonly string[], max: number = MAX_LISTED_KEYS): string {
  const shown = items.slice(0, Math.max(1, max)).map(consoleText);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/**
 * Inconclusive verdicts that `on-inconclusive` acts on: not those whose stored baseline is still
 * too short to judge (numbers only, never failing).
 */
export function judgedInconclusive(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter(
    (v) => v.kind === 'inconclusive' && !(v.history && v.history.runs < v.history.needed),
  );
}

/** Why the step fails, or undefined when it passes. */
export function gateFailure(
  failed: readonly string[],
  regressed: readonly string[],
  failOnRegression: boolean,
  inconclusive: readonly string[] = [],
): string | undefined {
  const problems: string[] = [];
  if (failed.length > 0) problems.push(`${failed.length} scenario(s) failed: ${listCapped(failed)}`);
  if (regressed.length > 0 && failOnRegression)
    problems.push(`throughput regressed: ${listCapped(regressed)}`);
  if (inconclusive.length > 0)
    problems.push(`inconclusive (on-inconclusive: fail): ${listCapped(inconclusive)}`);
  return problems.length > 0 ? problems.join('; ') : undefined;
}
