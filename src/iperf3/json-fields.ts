// Checking the fields nicgate reads from an iperf3 `--json` document, one schema per kind of run
// (udp.ts, tcp-counters.ts). A field that is missing or of the wrong type is named in the error,
// so a changed iperf3 release reads as "this field", not as a bare validation dump.
import type { z } from 'zod';
import { Iperf3Error } from './client.js';

/** iperf3 JSON that lacks a field nicgate reads, or holds it with the wrong type or range. */
export class Iperf3FieldError extends Iperf3Error {
  override readonly name = 'Iperf3FieldError';
  constructor(
    /** What was read, for the message: `iperf3 UDP result`. */
    readonly document: string,
    /** The field's path in the JSON: `end.sum_received.lost_packets`, `end.streams[0].udp`. */
    readonly field: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${document}: ${field}: ${problem}`, 'other', options);
  }
}

/** `output` checked against `schema`; the first problem becomes an Iperf3FieldError naming its field. */
export function checkIperf3Fields<S extends z.ZodType>(
  schema: S,
  output: unknown,
  document: string,
): z.output<S> {
  const parsed = schema.safeParse(output);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = fieldPath(issue?.path ?? []);
  throw new Iperf3FieldError(document, field, issue?.message ?? 'is not valid', { cause: parsed.error });
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the document)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
