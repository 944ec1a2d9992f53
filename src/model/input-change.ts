// How a scenario's inputs moved from a pull request's base side to its head side. The paired gate
// finds it (gate/fingerprint.ts, gate/input-diff.ts) and the paired verdicts file turns it into
// verdicts (verdicts/paired-file.ts), which comes before gate/ in the layers: so the types live here.
import { z } from 'zod';

/** `new` and `removed`: the key exists on one side only. */
export type InputChange = 'unchanged' | 'changed' | 'new' | 'removed';

/** Differences a verdict keeps; the rest are counted (`more`), so a file stays small. */
export const MAX_INPUT_DIFFERENCES = 40;
/** A value as a difference shows it (a sysctl value is at most 256 characters when written). */
export const MAX_INPUT_VALUE_LENGTH = 300;

const text = (max: number) => z.string().min(1).max(max);

// A path relative to the repository root, as an annotation's `file` takes it: never absolute and
// never leaving the root. The verdicts file may come from a fork's artifact.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const repositoryPath = text(500).refine(
  (path) => !path.startsWith('/') && !path.split('/').includes('..') && !CONTROL.test(path),
  { message: 'a file is a path inside the repository (no leading "/", no "..", no control characters)' },
);

export const inputDifferenceSchema = z.strictObject({
  /** What differs: a sysctl (`net.ipv4.tcp_wmem`), or another input (`kernel image`, `link RTT`). */
  input: text(200),
  /** The field of a multi-value sysctl that differs (`max` of tcp_wmem's `min default max`). */
  field: text(32).optional(),
  /** `added` and `removed`: a sysctl set on one side's profile only. */
  change: z.enum(['changed', 'added', 'removed']),
  /** The value on each side; absent where that side has none to show. */
  base: z.string().max(MAX_INPUT_VALUE_LENGTH).optional(),
  head: z.string().max(MAX_INPUT_VALUE_LENGTH).optional(),
  /** What else a reader needs (`as written; both guests applied 4194304`). */
  note: text(200).optional(),
  /** The head's profile file that sets it, relative to the repository root, and the line. */
  file: repositoryPath.optional(),
  line: z.number().int().positive().optional(),
});
/** One input of a scenario that differs base → head: `net.ipv4.tcp_wmem max 16777216 → 65536`. */
export type InputDifference = z.infer<typeof inputDifferenceSchema>;

export const inputDifferencesSchema = z.strictObject({
  differences: z.array(inputDifferenceSchema).max(MAX_INPUT_DIFFERENCES),
  /** Differences left out past MAX_INPUT_DIFFERENCES. */
  more: z.number().int().positive().optional(),
});
/** Why a changed scenario was measured: its inputs' differences, base → head. */
export type InputDifferences = z.infer<typeof inputDifferencesSchema>;

export interface ScenarioChange {
  key: string;
  change: InputChange;
  /** `changed` scenarios: what differs, once the paired gate has worked it out. */
  inputs?: InputDifferences;
}
