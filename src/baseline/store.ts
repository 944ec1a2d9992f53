// Where baselines live between runs. Stores never throw from load or save: a missing or broken
// baseline must cost a comparison, never the measurement the run already made.
import { createHash } from 'node:crypto';
import { baselineFileSchema, type BaselineFile } from '../model/baseline.js';

export type LoadOutcome =
  | { status: 'found'; baseline: BaselineFile; location: string }
  /** `message` says why there could be none (e.g. no cache service), when that is worth a note. */
  | { status: 'none'; location: string; message?: string }
  | { status: 'unreadable'; location: string; message: string };

export type SaveOutcome = { status: 'saved'; location: string } | { status: 'skipped'; message: string };

export interface BaselineStore {
  /** For messages: "directory baselines/", "GitHub Actions cache". */
  readonly description: string;
  load(branch: string): Promise<LoadOutcome>;
  save(baseline: BaselineFile): Promise<SaveOutcome>;
  /**
   * Saves what `change` makes of the branch's current baseline. The directory store re-reads and
   * writes under a lock, so concurrent records all keep their runs; the cache store cannot (see
   * cache-store.ts).
   */
  update(branch: string, change: (current: LoadOutcome) => BaselineFile): Promise<SaveOutcome>;
}

/** What a store checks before it writes: a baseline the next load would refuse is never written. */
export function unwritable(baseline: BaselineFile): string | undefined {
  const checked = baselineFileSchema.safeParse(baseline);
  if (checked.success) return undefined;
  const first = checked.error.issues[0];
  return `the baseline to write is invalid at ${first?.path.join('.') || 'top level'}: ${first?.message}`;
}

// Long names are cut and suffixed with a hash: file names stop at 255 bytes, cache keys at 512.
const MAX_NAME_LENGTH = 120;

/**
 * A safe single path segment (or cache-key part) for any branch name, without extension: letters,
 * digits and `-` stay; every other byte becomes `_XX` (UTF-8, hex), `_` itself included. So
 * `feature/x` is `feature_2Fx`, `..` is `_2E_2E`: no separators, no dots, nothing to traverse, and
 * distinct names stay distinct (the encoding is reversible up to the length cut, which adds a hash).
 */
export function branchFileName(branch: string): string {
  return safeName(branch, 'a baseline branch name');
}

/** The encoding of branchFileName for any other text (run ids in cache keys); `what` names it in errors. */
export function safeName(text: string, what: string): string {
  if (text === '') throw new RangeError(`${what} cannot be empty`);
  let name = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    name += /[A-Za-z0-9-]/.test(char) ? char : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (name.length <= MAX_NAME_LENGTH) return name;
  const hash = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
  return `${name.slice(0, MAX_NAME_LENGTH - 13)}-${hash}`;
}
