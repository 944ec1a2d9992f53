// A BSD guest's tuning as job lines (what its boot hook reads: data, never shell code) and as the
// commands a reader sees in `nicgate plan`. Pure.
import type { Sysctl } from '../../model/plan.js';
import { OPTIONAL_SYSCTL } from '../linux/job.js';
import type { BsdTraits } from './traits.js';

// The same barrier as the Linux job: plain words only, so the hook's `read` gets them unchanged.
export const SAFE_WORD = /^[A-Za-z0-9_.:%/-]+$/;
const SAFE_VALUE = /^[A-Za-z0-9_.:,-]+( [A-Za-z0-9_.:,-]+)*$/;

export function checked(pattern: RegExp, text: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`unsafe ${what} in guest job: ${JSON.stringify(text)}`);
  return text;
}

/** One step of a BSD guest's tuning, in order: a module load, or a sysctl (maybe conditional). */
export type BsdTuningStep =
  | { kind: 'module'; name: string }
  | { kind: 'sysctl'; name: string; value: string; ignoreMissing: boolean; listedIn?: string };

/** The steps for `sysctls` on the BSD of `traits`: each sysctl's module first, where the OS needs one. */
export function bsdTuningSteps(traits: BsdTraits, sysctls: readonly Sysctl[]): BsdTuningStep[] {
  const loaded = new Set<string>();
  return sysctls.flatMap((sysctl): BsdTuningStep[] => {
    const module = traits.sysctlModules[`${sysctl.name}=${sysctl.value}`];
    const load: BsdTuningStep[] =
      module !== undefined && !loaded.has(module) ? [{ kind: 'module', name: module }] : [];
    if (module !== undefined) loaded.add(module);
    const listedIn = traits.listedIn[sysctl.name];
    return [
      ...load,
      {
        kind: 'sysctl',
        name: sysctl.name,
        value: sysctl.value,
        ignoreMissing: sysctl.ignoreMissing === true,
        ...(listedIn === undefined ? {} : { listedIn }),
      },
    ];
  });
}

/**
 * Job lines: `module NAME`, `sysctl NAME VALUE` (`sysctl-optional` where a missing one is skipped), and
 * `sysctl-listed LIST NAME VALUE` where the value counts only if LIST names it (skipped otherwise).
 */
export function bsdTuningLines(traits: BsdTraits, sysctls: readonly Sysctl[]): string[] {
  return bsdTuningSteps(traits, sysctls).map((step) => {
    if (step.kind === 'module') return `module ${checked(SAFE_WORD, step.name, 'module')}`;
    const name = checked(SAFE_WORD, step.name, 'sysctl name');
    const value = checked(SAFE_VALUE, step.value, 'sysctl value');
    if (step.listedIn !== undefined)
      return `sysctl-listed ${checked(SAFE_WORD, step.listedIn, 'sysctl name')} ${name} ${value}`;
    return `${step.ignoreMissing ? OPTIONAL_SYSCTL : 'sysctl'} ${name} ${value}`;
  });
}

/** What the guest runs for each step, as a reader would type it; each sysctl is read back after. */
export function bsdTuningCommands(traits: BsdTraits, sysctls: readonly Sysctl[]): string[] {
  return bsdTuningSteps(traits, sysctls).map((step) => {
    if (step.kind === 'module') return [...traits.moduleLoad, step.name].join(' ');
    const set = `sysctl ${step.name}=${step.value}`;
    if (step.listedIn !== undefined) return `${set}   (only where ${step.listedIn} lists ${step.value})`;
    return step.ignoreMissing ? `${set}   (skipped where the kernel lacks it)` : set;
  });
}
