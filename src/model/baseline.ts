// The baseline file: the last few runs of one branch, versioned JSON. One schema; types derived.
//
// A baseline keeps whole runs rather than pooled samples so that compare can drop runs measured in
// another environment (KVM vs TCG, another QEMU) and so that a re-run of the same CI run replaces
// its earlier attempt instead of counting twice.
import { z } from 'zod';
import { environmentSchema } from './environment.js';
import { linkProfileSchema, tuningProfileSchema } from './plan.js';
import { readVersionedJson } from './read.js';
import { scenarioKeySchema } from './scenario-key.js';

export const BASELINE_SCHEMA_VERSION = 1;

const baselineScenarioSchema = z.object({
  /** Bits per second, one per repetition. */
  samples: z.array(z.number().finite().nonnegative()).min(1),
  nic: z.string(),
  direction: z.string(),
  profile: tuningProfileSchema,
  link: linkProfileSchema,
  /** Where this scenario was measured, when it differs from its run's (a merged matrix). */
  environment: environmentSchema.optional(),
});
export type BaselineScenario = z.infer<typeof baselineScenarioSchema>;

const baselineRunSchema = z.object({
  /** The CI run (or a CLI-chosen id); a later run with the same id replaces this one. */
  runId: z.string().min(1),
  commit: z.string().optional(),
  branch: z.string().optional(),
  timestamp: z.string(),
  environment: environmentSchema,
  /** By scenario key. */
  scenarios: z.record(scenarioKeySchema, baselineScenarioSchema),
});
export type BaselineRun = z.infer<typeof baselineRunSchema>;

export const baselineFileSchema = z.object({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  branch: z.string(),
  /** How many runs are kept. */
  window: z.number().int().min(1),
  /** Oldest first. */
  runs: z.array(baselineRunSchema),
});
export type BaselineFile = z.infer<typeof baselineFileSchema>;

export const BASELINE_FORMAT = { kind: 'baseline', version: BASELINE_SCHEMA_VERSION } as const;

/** Reads a baseline file's text; throws FileFormatError naming `source`. */
export function parseBaselineJson(text: string, source: string): BaselineFile {
  return readVersionedJson(baselineFileSchema, text, source, BASELINE_FORMAT);
}
