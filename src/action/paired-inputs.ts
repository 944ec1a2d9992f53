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
 * explicit `base-ref`, unless this run records a baseline.
 */
export function pairedOptionsFor(
  settings: { mode: ActionMode; payload: EventPayload | undefined; pairedInputs: Record<string, string> },
  out: string,
): PairedOptions | undefined {
  const steps = MODE_STEPS[settings.mode];
  if (steps.results !== 'measure' || steps.verdicts !== 'baseline' || settings.mode === 'record')
    return undefined;
  const given = settings.pairedInputs['base-ref'];
  const baseRef = given || pullRequestBaseSha(settings.payload);
  if (baseRef === undefined) return undefined;
  return parsePairedOptions({ ...settings.pairedInputs, 'base-ref': baseRef }, out, () => randomInt(2 ** 31));
}
