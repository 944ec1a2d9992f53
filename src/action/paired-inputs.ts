// Whether an Action job runs the paired gate, and with what options. Pure.
import { randomInt } from 'node:crypto';
import { parsePairedOptions, type PairedOptions } from '../config/paired-options.js';
type EventPayload = Record<string, unknown>;
import { MODE_STEPS, type ActionMode } from './modes.js';

/** A pull request's base commit from the event payload (`pull_request.base.sha`). */
export function pullRequestBaseSha(payload: EventPayload | undefined): string | undefined {
  const pr = payload?.pull_request as { base?: { sha?: unknown } } | undefined;
  const sha = pr?.base?.sha;
  return typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/**
 * The paired options this job runs with, or undefined for a job that judges against the stored
 * baseline: modes that measure and compare here (auto, compare), on a pull request or with an
 * explicit `base-ref`, unless this run records a baseline. The paired inputs are validated in
 * every mode (a runner passes action.yml's defaults to every job, so they cannot be refused where
 * unused).
 */
export function pairedOptionsFor(
  settings: { mode: ActionMode; payload: EventPayload | undefined; pairedInputs: Record<string, string> },
  out: string,
): PairedOptions | undefined {
  const steps = MODE_STEPS[settings.mode];
  const pairs = steps.results === 'measure' && steps.verdicts === 'baseline' && settings.mode !== 'record';
  const given = settings.pairedInputs['base-ref'];
  const baseRef = pairs ? given || pullRequestBaseSha(settings.payload) : undefined;
  if (baseRef === undefined) {
    // Checked all the same, in every mode: a mistyped paired input is an error here too, not
    // something that waits, unseen, for the first job that pairs.
    parsePairedOptions({ ...settings.pairedInputs, 'base-ref': given || 'HEAD' }, out, () => 0);
    return undefined;
  }
  return parsePairedOptions({ ...settings.pairedInputs, 'base-ref': baseRef }, out, () => randomInt(2 ** 31));
}
