// The baseline file: the last few runs of one branch, versioned JSON. One schema; types derived.
//
// A baseline keeps whole runs rather than pooled samples so that compare can drop runs measured in
// another environment (KVM vs TCG, another QEMU) and so that a re-run of the same CI run replaces
// its earlier attempt instead of counting twice.
import { z } from 'zod';
import { environmentSchema } from './environment.js';
import { linkProfileSchema, tuningProfileSchema } from './plan.js';
import { isRecord, readVersionedJson } from './read.js';
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
  scenarios: z
    // JSON.parse keeps a "__proto__" key as an own property, and a zod record skips it silently.
    .custom<unknown>((value) => !(isRecord(value) && Object.hasOwn(value, '__proto__')), {
      message: 'a scenario key must not be "__proto__"',
    })
    .pipe(z.record(scenarioKeySchema, baselineScenarioSchema)),
});
export type BaselineRun = z.infer<typeof baselineRunSchema>;

export const baselineFileSchema = z
  .object({
    schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
    branch: z.string(),
    /** How many runs are kept. */
    window: z.number().int().min(1),
    /** Oldest first. */
    runs: z.array(baselineRunSchema),
  })
  // A file that breaks these would weigh runs wrongly: copies of one run counted as history, runs
  // past the window, another branch's runs.
  .superRefine((file, ctx) => {
    // (A window that is no whole number >= 1 has its own issue already.)
    if (Number.isInteger(file.window) && file.window >= 1 && file.runs.length > file.window)
      ctx.addIssue({
        code: 'custom',
        path: ['runs'],
        message: `${file.runs.length} runs, more than the window of ${file.window}`,
      });
    const firstAt = new Map<string, number>();
    file.runs.forEach((run, index) => {
      const first = firstAt.get(run.runId);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['runs', index, 'runId'],
          message: `run id ${JSON.stringify(run.runId)} appears more than once (first at runs[${first}])`,
        });
      else firstAt.set(run.runId, index);
      if (run.branch !== undefined && run.branch !== file.branch)
        ctx.addIssue({
          code: 'custom',
          path: ['runs', index, 'branch'],
          message: `run ${JSON.stringify(run.runId)} was recorded on branch ${JSON.stringify(run.branch)}, not on the file's branch ${JSON.stringify(file.branch)}`,
        });
    });
  });
export type BaselineFile = z.infer<typeof baselineFileSchema>;

export const BASELINE_FORMAT = { kind: 'baseline', version: BASELINE_SCHEMA_VERSION } as const;

/** Reads a baseline file's text; throws FileFormatError naming `source`. */
export function parseBaselineJson(text: string, source: string): BaselineFile {
  return readVersionedJson(baselineFileSchema, text, source, BASELINE_FORMAT);
}
