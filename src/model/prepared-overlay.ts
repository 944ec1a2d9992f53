// The record beside a prepared disk-image overlay (`prepared-<recipe>.qcow2.json`): the overlay's
// size and digest when prepare made it. The overlay is reused only when it still matches.
import { z } from 'zod';
import { readVersionedJson } from './read.js';

const PREPARED_OVERLAY_SCHEMA_VERSION = 1;

const preparedOverlaySchema = z.strictObject({
  schemaVersion: z.literal(PREPARED_OVERLAY_SCHEMA_VERSION),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PreparedOverlay = z.infer<typeof preparedOverlaySchema>;

export function preparedOverlay(fields: Omit<PreparedOverlay, 'schemaVersion'>): PreparedOverlay {
  return preparedOverlaySchema.parse({ schemaVersion: PREPARED_OVERLAY_SCHEMA_VERSION, ...fields });
}

export function parsePreparedOverlay(text: string, source: string): PreparedOverlay {
  return readVersionedJson(preparedOverlaySchema, text, source, {
    kind: 'prepared overlay',
    version: PREPARED_OVERLAY_SCHEMA_VERSION,
  });
}
