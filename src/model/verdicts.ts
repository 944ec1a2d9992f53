// The verdicts file: one verdict per scenario, a discriminated union on `kind`, versioned JSON.
// One schema; the types are derived from it. The fork-safe comment step reads such a file from an
// artifact, so the schema is strict about what it lets through.
import { z } from 'zod';
import { inputDifferencesSchema } from './input-change.js';
import { readVersionedJson } from './read.js';
import { scenarioKeySchema } from './scenario-key.js';
import { tcpStatsSchema } from './tcp-stats.js';

export const VERDICTS_SCHEMA_VERSION = 1;

/** Every verdict kind, once. */
export const VERDICT_KINDS = [
  'regression',
  'improvement',
  'unchanged',
  'inconclusive',
  'new',
  'missing',
  /** Paired gate: base and head would apply the same inputs, so the scenario was not measured. */
  'inputs-unchanged',
  'error',
] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

const finite = z.number().finite();
const count = z.number().int().nonnegative();
// JSON writes Infinity as null. No rule nicgate ships gives an infinite bound, but files written by
// earlier versions (whose bootstrap interval did, for a zero baseline median) still read.
const bound = z.union([z.number(), z.null().transform(() => Number.POSITIVE_INFINITY)]);

const comparisonShape = {
  baselineMedian: finite,
  currentMedian: finite,
  /**
   * The change, as a fraction (-0.08 is an 8% drop): the paired rule's Hodges–Lehmann estimate over
   * the pairs' head/base ratios, the stored rule's currentMedian / baselineMedian - 1.
   */
  relativeChange: finite,
  /**
   * The interval on the relative change at `level`: the paired rule's distribution-free interval
   * of the Hodges–Lehmann estimate, or the stored rule's Student t interval around this run's
   * median.
   */
  confidenceInterval: z.object({ level: finite, low: bound, high: bound }),
  /**
   * One-sided p-value in the direction of the change: the paired rule's Wilcoxon signed-rank test,
   * Holm-adjusted across the matrix, or the stored rule's test of this run's median against the
   * band of earlier runs.
   */
  pValue: finite,
  /**
   * How the p-value was reached: `exact` (the signed-rank test's exact distribution) or `normal`
   * (an approximation: the normal one for many pairs, Student t for the stored rule).
   */
  method: z.enum(['exact', 'normal']),
  baselineCount: count,
  currentCount: count,
};
const comparisonSchema = z.object(comparisonShape);
export type Comparison = z.infer<typeof comparisonSchema>;

/** How a verdict was reached. Absent in files of earlier versions: a stored baseline. */
export const VERDICT_BASES = ['paired', 'stored-baseline', 'inputs-unchanged'] as const;
export type VerdictBasis = (typeof VERDICT_BASES)[number];

const droppedBlockSchema = z.object({
  /** The block's position in the order it was measured (1-based). */
  block: count,
  reason: z.string().max(500),
});
export type DroppedBlock = z.infer<typeof droppedBlockSchema>;

const base = {
  key: scenarioKeySchema,
  /** One line a person reads: why this verdict. */
  reason: z.string().max(2000),
  basis: z.enum(VERDICT_BASES).optional(),
  /** Paired verdicts: the pairs used and the blocks dropped as disturbed. */
  pairs: z
    .object({
      used: count,
      dropped: z.array(droppedBlockSchema).max(100),
      /** The fewest pairs that could reach alpha across the matrix (Holm); fewer cannot be called. */
      needed: count.optional(),
      /** Blocks measured in all, and why replacements stopped short of the pairs asked for. */
      blocks: count.optional(),
      stopped: z.string().max(500).optional(),
      /**
       * Sequential looks: why measuring ended (`settled: regression at look 2`, `cap of 12 pairs
       * reached`, or a cap's reason as in `stopped`). Absent from the fixed design's verdicts.
       */
      stop: z.string().max(500).optional(),
      /** iperf3 runs retried after a refused or reset connection, both sides. */
      retries: count.optional(),
    })
    .optional(),
  /**
   * Stored-baseline verdicts judged on history: the runs of this scenario's testbed it held, and
   * the runs the rule needs. With `runs < needed` the verdict gives numbers only (inconclusive).
   */
  history: z.object({ runs: count, needed: count }).optional(),
  /** Paired verdicts of scenarios whose inputs changed: what differs, base → head. */
  inputs: inputDifferencesSchema.optional(),
  /**
   * Paired verdicts with `metrics: tcp-stats`: each side's TCP sender figures, each the median of
   * its kept blocks' figures. Shown to explain a change, not judged. Readers that predate it drop it.
   */
  tcpStats: z.object({ base: tcpStatsSchema, head: tcpStatsSchema }).optional(),
};

export const verdictSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('regression'), ...comparisonShape }),
  z.object({ ...base, kind: z.literal('improvement'), ...comparisonShape }),
  z.object({ ...base, kind: z.literal('unchanged'), ...comparisonShape }),
  z.object({ ...base, kind: z.literal('inconclusive'), ...comparisonSchema.partial().shape }),
  z.object({ ...base, kind: z.literal('new'), currentMedian: finite.optional(), currentCount: count }),
  z.object({ ...base, kind: z.literal('missing'), baselineMedian: finite, baselineCount: count }),
  z.object({ ...base, kind: z.literal('inputs-unchanged') }),
  z.object({ ...base, kind: z.literal('error'), error: z.string() }),
]);
export type Verdict = z.infer<typeof verdictSchema>;

/**
 * How a paired run judged its scenarios: `sequential` looks after every pair from `firstLook`, up to
 * `cap` pairs, each scenario's test at alpha / `tests` (Bonferroni across the scenarios measured;
 * verdicts/sequential.ts), or the fixed design: `cap` pairs, Wilcoxon with Holm (verdicts/paired.ts).
 */
const pairedDesignSchema = z.object({
  sequential: z.boolean(),
  firstLook: count.optional(),
  cap: count,
  tests: count.optional(),
});
export type PairedDesign = z.infer<typeof pairedDesignSchema>;

const decisionSettingsSchema = z.object({
  /** Smallest relative change that counts (0.05 = 5%). */
  threshold: finite,
  /** Significance level of the one-sided test. */
  alpha: finite,
});
export type DecisionSettings = z.infer<typeof decisionSettingsSchema>;

export const verdictsFileSchema = z.object({
  schemaVersion: z.literal(VERDICTS_SCHEMA_VERSION),
  settings: decisionSettingsSchema.extend({ allowEnvironmentChange: z.boolean() }),
  baseline: z.object({
    source: z.string(),
    branch: z.string().optional(),
    runs: z.array(z.object({ runId: z.string(), commit: z.string().optional(), timestamp: z.string() })),
  }),
  /** Set when base and head were measured in this job (the paired gate). */
  paired: z
    .object({
      baseCommit: z.string().max(100),
      headCommit: z.string().max(100),
      /** Pairs wanted per changed scenario (the most, with sequential looks), and the seed of the block orders. */
      pairs: count,
      seed: count,
      /** The design that judged the pairs; absent from files of earlier versions (the fixed design). */
      design: pairedDesignSchema.optional(),
      /** The user images each side measured (`--image`, `--base-image`), by their content hashes. */
      images: z
        .array(
          z.strictObject({
            name: z.string().max(64),
            base: z.string().regex(/^[0-9a-f]{64}$/),
            head: z.string().regex(/^[0-9a-f]{64}$/),
          }),
        )
        .max(64)
        .optional(),
    })
    .optional(),
  /** Environment differences that made comparisons inconclusive (or were allowed). */
  environmentNotes: z.array(z.string()),
  verdicts: z.array(verdictSchema),
  regressed: z.boolean(),
});
export type VerdictsFile = z.infer<typeof verdictsFileSchema>;

/** Reads a verdicts file's text; throws FileFormatError (bad input) naming `source`. */
export function parseVerdictsJson(text: string, source: string): VerdictsFile {
  return readVersionedJson(verdictsFileSchema, text, source, {
    kind: 'verdicts',
    version: VERDICTS_SCHEMA_VERSION,
  });
}
