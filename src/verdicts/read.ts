// Reads a verdicts file back (the fork-safe comment step renders a report from it).
import { z } from 'zod';
import { InputError } from '../common/errors.js';
import { VERDICTS_SCHEMA_VERSION, type VerdictsFile } from '../model/verdicts.js';

const finite = z.number().finite();
const verdictShape = z.looseObject({
  key: z.string().max(500),
  kind: z.enum(['regression', 'improvement', 'unchanged', 'inconclusive', 'new', 'missing', 'error']),
  reason: z.string().max(2000),
  baselineMedian: finite.optional(),
  currentMedian: finite.optional(),
  relativeChange: finite.optional(),
  pValue: finite.optional(),
});

const verdictsShape = z.looseObject({
  schemaVersion: z.literal(VERDICTS_SCHEMA_VERSION),
  settings: z.looseObject({ threshold: finite, alpha: finite, allowEnvironmentChange: z.boolean() }),
  baseline: z.looseObject({ source: z.string(), runs: z.array(z.looseObject({ runId: z.string() })) }),
  environmentNotes: z.array(z.string()),
  verdicts: z.array(verdictShape),
  regressed: z.boolean(),
});

export function parseVerdictsJson(text: string, source: string): VerdictsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new InputError(source, text.slice(0, 40), 'is not JSON', { cause });
  }
  const parsed = verdictsShape.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(
      source,
      'verdicts file',
      `has the wrong shape at ${first?.path.join('.') || 'top level'}: ${first?.message}`,
    );
  }
  return data as VerdictsFile;
}
