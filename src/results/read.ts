// Reads a results file back (for compare/record), checking the parts those steps rely on.
import { z } from 'zod';
import { InputError } from '../common/errors.js';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from '../model/results.js';

const resultsShape = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  environment: z.looseObject({
    accelerator: z.enum(['kvm', 'tcg']),
    guestKernel: z.string(),
    timestamp: z.string(),
  }),
  scenarios: z.array(
    z.looseObject({
      key: z.string(),
      samples: z.array(z.number().nonnegative()),
      profile: z.looseObject({
        name: z.string(),
        sysctls: z.array(z.object({ name: z.string(), value: z.string() })),
      }),
      error: z.string().optional(),
    }),
  ),
});

export function parseResultsJson(text: string, source: string): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new InputError(source, text.slice(0, 40), 'is not JSON', { cause });
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== RESULTS_SCHEMA_VERSION) {
    throw new InputError(
      source,
      String(version),
      `is not a results schemaVersion this nicgate reads (${RESULTS_SCHEMA_VERSION})`,
    );
  }
  const parsed = resultsShape.safeParse(data);
  if (!parsed.success)
    throw new InputError(source, 'results file', `has the wrong shape: ${z.prettifyError(parsed.error)}`);
  return data as ResultsFile;
}
