// How the verdicts were reached: base and head measured in this job in pairs, a stored baseline, or
// not measured because base and head apply the same inputs. The file's method is said once; a
// verdict says its own where it differs. Pure; text from the file goes through the caller's escape.
import { SEQUENTIAL_DEFAULTS } from '../model/defaults.js';
import {
  VERDICT_BASES,
  type PairedDesign,
  type Verdict,
  type VerdictBasis,
  type VerdictsFile,
} from '../model/verdicts.js';

/** The file's method: paired when base and head were measured in this job. */
export function fileBasis(file: VerdictsFile): VerdictBasis {
  return file.paired ? 'paired' : 'stored-baseline';
}

/** A verdict's basis; absent means a stored baseline (earlier files), unless the kind says otherwise. */
export function basisOf(v: Verdict): VerdictBasis {
  return v.basis ?? (v.kind === 'inputs-unchanged' ? 'inputs-unchanged' : 'stored-baseline');
}

const BASIS_NOTES: Readonly<Record<VerdictBasis, string>> = {
  paired: 'paired',
  'stored-baseline': 'stored baseline',
  'inputs-unchanged': 'inputs unchanged',
};

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * What a verdict's cell adds to its kind: its basis where it differs from the file's method, the
 * pairs it used and the blocks dropped (`8 pairs`, `stored baseline`, `7 pairs, 1 dropped`).
 */
export function verdictNote(v: Verdict, method: VerdictBasis): string | undefined {
  const notes: string[] = [];
  const basis = basisOf(v);
  // An inputs-unchanged verdict's kind already says so.
  if (basis !== method && !(basis === 'inputs-unchanged' && v.kind === 'inputs-unchanged')) {
    notes.push(BASIS_NOTES[basis]);
  }
  if (v.pairs !== undefined) {
    notes.push(plural(v.pairs.used, 'pair'));
    if (v.pairs.dropped.length > 0) notes.push(`${v.pairs.dropped.length} dropped`);
  }
  return notes.length > 0 ? notes.join(', ') : undefined;
}

/** A commit's first 7 hex digits; anything that is not a SHA as given. Raw text: escape it. */
export function shortSha(commit: string): string {
  return /^[0-9a-f]{7,64}$/i.test(commit) ? commit.slice(0, 7) : commit;
}

const OTHERWISE: Readonly<Record<VerdictBasis, (scenarios: string, were: string) => string>> = {
  paired: (scenarios, were) => `${scenarios} ${were} measured in pairs.`,
  'stored-baseline': (scenarios, were) => `${scenarios} ${were} judged against the stored baseline.`,
  'inputs-unchanged': (scenarios, were) =>
    `${scenarios} ${were} not measured: base and head apply the same inputs.`,
};

/**
 * Which design judged the pairs, where the file records one (files before sequential looks do not):
 * `; sequential: looked after every pair from 3, Pocock-type alpha spending`.
 */
function designClause(design: PairedDesign | undefined): string {
  if (design === undefined) return '';
  if (!design.sequential) return '; fixed design: every pair measured, Wilcoxon signed-rank, Holm-adjusted';
  const tests = design.tests ?? 1;
  const bonferroni = tests > 1 ? `, Bonferroni over ${tests} scenarios` : '';
  return `; sequential: looked after every pair from ${design.firstLook ?? SEQUENTIAL_DEFAULTS.firstLook}, Pocock-type alpha spending${bonferroni}`;
}

/** `Image cloud: base sha256 c22715db392f, head sha256 1e466aba3bea.` (or the same on both sides). */
function imageSentence(
  image: { name: string; base: string; head: string },
  escape: (text: string) => string,
): string {
  const short = (hash: string): string => `sha256 ${hash.slice(0, 12)}`;
  return image.base === image.head
    ? `Image ${escape(image.name)}: ${short(image.head)} on both sides.`
    : `Image ${escape(image.name)}: base ${short(image.base)}, head ${short(image.head)}.`;
}

/**
 * `Measured base a1b2c3d and head e4f5a6b in this job, 8 pairs per changed scenario, interleaved
 * (seed 1234).`, then how many verdicts were reached otherwise. A file compared with a stored
 * baseline throughout says nothing here: the status line names the baseline.
 */
export function methodLine(file: VerdictsFile, escape: (text: string) => string): string | undefined {
  const method = fileBasis(file);
  const sentences: string[] = [];
  if (file.paired !== undefined) {
    const { baseCommit, headCommit, pairs, seed, design } = file.paired;
    const sides = `base ${escape(shortSha(baseCommit))} and head ${escape(shortSha(headCommit))}`;
    const most = design?.sequential ? ' at most' : '';
    // Where every scenario's inputs were unchanged nothing was measured, and no pairs were asked for.
    sentences.push(
      file.verdicts.some((v) => basisOf(v) === 'paired')
        ? `Measured ${sides} in this job, ${plural(pairs, 'pair')}${most} per changed scenario, interleaved (seed ${seed})${designClause(design)}.`
        : `Read ${sides}; nothing was measured.`,
    );
    for (const image of file.paired.images ?? []) sentences.push(imageSentence(image, escape));
  }
  for (const basis of VERDICT_BASES) {
    if (basis === method) continue;
    const count = file.verdicts.filter((v) => basisOf(v) === basis).length;
    if (count === 0) continue;
    if (sentences.length === 0) sentences.push('Compared with the stored baseline.');
    sentences.push(OTHERWISE[basis](plural(count, 'scenario'), count === 1 ? 'was' : 'were'));
  }
  return sentences.length > 0 ? sentences.join(' ') : undefined;
}
