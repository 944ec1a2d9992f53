// Why a changed scenario was measured: each input that differs base → head, one line each, the
// sysctls as the guests applied them (sysctl-diff.ts) and everything else the fingerprint holds. Pure.
import { formatBitrate } from '../common/format.js';
import {
  MAX_INPUT_DIFFERENCES,
  type InputDifference,
  type InputDifferences,
  type ScenarioChange,
} from '../model/input-change.js';
import type { ScenarioResult } from '../model/results.js';
import type { ScenarioInputs } from './fingerprint.js';
import { sysctlDifferences } from './sysctl-diff.js';

/** One side of a scenario: its fingerprinted inputs, and its result where that side was measured. */
export interface SideInputs {
  inputs: ScenarioInputs;
  result?: Pick<ScenarioResult, 'appliedSysctls' | 'effectiveSysctls' | 'skippedSysctls'>;
}

/** Where the head's profile lives: its path relative to the repository root, and each sysctl's line. */
export interface ProfileFile {
  path: string;
  lines?: Readonly<Record<string, number>>;
}

const short = (hash: string): string => hash.slice(0, 12);

/**
 * Every input of the fingerprint but the sysctls, as a reader names it, in the order a reader
 * looks for it. A test holds it to the fingerprint: each field that can differ reads differently.
 */
const OTHER_INPUTS: readonly { input: string; read: (inputs: ScenarioInputs) => string }[] = [
  { input: 'NIC', read: (i) => i.nic },
  { input: 'guest', read: (i) => i.guest },
  { input: 'direction', read: (i) => i.direction },
  { input: 'link RTT', read: (i) => `${i.link.rttMs} ms` },
  { input: 'link loss', read: (i) => `${i.link.lossPct}%` },
  {
    input: 'link rate',
    read: (i) => (i.link.rateBitsPerSec === 0 ? 'unshaped' : formatBitrate(i.link.rateBitsPerSec)),
  },
  { input: 'kernel image', read: (i) => (i.kernel ? short(i.kernel.image) : 'built-in') },
  { input: 'kernel modules', read: (i) => (i.kernel?.modules ? short(i.kernel.modules) : 'none') },
  { input: 'guest image', read: (i) => (i.image ? short(i.image) : 'none') },
  { input: 'accelerator', read: (i) => i.accel },
  { input: 'repetitions', read: (i) => String(i.measure.repetitions) },
  { input: 'duration', read: (i) => `${i.measure.durationSec} s` },
  { input: 'omitted start', read: (i) => `${i.measure.omitSec} s` },
  { input: 'parallel streams', read: (i) => String(i.measure.streams) },
  { input: 'fingerprint version', read: (i) => String(i.version) },
];

/** Each sysctl difference points at the head's profile file, and at its line where the head sets it. */
function located(differences: InputDifference[], file: ProfileFile | undefined): InputDifference[] {
  if (file === undefined) return differences;
  const lines = file.lines ?? {};
  return differences.map((difference) => {
    const line = Object.hasOwn(lines, difference.input) ? lines[difference.input] : undefined;
    return { ...difference, file: file.path, ...(line === undefined ? {} : { line }) };
  });
}

/**
 * The differences of one scenario, base → head: its sysctls (as the guests applied them, else as
 * the profiles write them), then each other input that differs. Unchanged inputs are not listed.
 * At most MAX_INPUT_DIFFERENCES; the rest are counted.
 */
export function inputDifferences(base: SideInputs, head: SideInputs, file?: ProfileFile): InputDifferences {
  const sysctls = sysctlDifferences(sysctlSide(base), sysctlSide(head));
  const others = OTHER_INPUTS.flatMap(({ input, read }): InputDifference[] => {
    const [before, after] = [read(base.inputs), read(head.inputs)];
    return before === after ? [] : [{ input, change: 'changed', base: before, head: after }];
  });
  const all = [...located(sysctls, file), ...others];
  const more = all.length - MAX_INPUT_DIFFERENCES;
  return { differences: all.slice(0, MAX_INPUT_DIFFERENCES), ...(more > 0 ? { more } : {}) };
}

function sysctlSide({ inputs, result }: SideInputs) {
  return {
    written: inputs.sysctls,
    ...(result === undefined
      ? {}
      : {
          applied: result.appliedSysctls,
          ...(result.effectiveSysctls ? { effective: result.effectiveSysctls } : {}),
          ...(result.skippedSysctls ? { skipped: result.skippedSysctls } : {}),
        }),
  };
}

/** One side of a paired run: its scenarios' inputs by key, and its results where it was measured. */
export interface PairedSide {
  inputs: ReadonlyMap<string, ScenarioInputs>;
  results?: { scenarios: readonly ScenarioResult[] };
}

/** Each `changed` scenario with its differences; the head's profile file from `fileOf`. */
export function describeChanges(
  changes: readonly ScenarioChange[],
  sides: { base: PairedSide; head: PairedSide },
  fileOf: (key: string) => ProfileFile | undefined,
): ScenarioChange[] {
  const side = (which: PairedSide, key: string): SideInputs | undefined => {
    const inputs = which.inputs.get(key);
    const result = which.results?.scenarios.find((s) => s.key === key);
    return inputs && { inputs, ...(result ? { result } : {}) };
  };
  return changes.map((change) => {
    const base = side(sides.base, change.key);
    const head = side(sides.head, change.key);
    if (change.change !== 'changed' || !base || !head) return change;
    return { ...change, inputs: inputDifferences(base, head, fileOf(change.key)) };
  });
}
