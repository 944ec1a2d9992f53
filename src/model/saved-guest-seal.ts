// The seal beside a saved guest in the Action's guest cache (`saved/<key>.seal.json`, in the
// cache entry only): an HMAC-SHA256 over the saved guest's key, record and state, keyed by the
// workflow's `guest-cache-secret`. A saved guest is adopted from a cache entry only when its seal
// checks out with that secret (action/guest-cache-seal.ts); the secret is never written.
import { z } from 'zod';
import { readVersionedJson } from './read.js';

const SAVED_GUEST_SEAL_SCHEMA_VERSION = 1;

const savedGuestSealSchema = z.strictObject({
  schemaVersion: z.literal(SAVED_GUEST_SEAL_SCHEMA_VERSION),
  key: z.string().regex(/^[0-9a-f]{32}$/),
  hmacSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type SavedGuestSeal = z.infer<typeof savedGuestSealSchema>;

export function savedGuestSeal(fields: Omit<SavedGuestSeal, 'schemaVersion'>): SavedGuestSeal {
  return savedGuestSealSchema.parse({ schemaVersion: SAVED_GUEST_SEAL_SCHEMA_VERSION, ...fields });
}

export function parseSavedGuestSeal(text: string, source: string): SavedGuestSeal {
  return readVersionedJson(savedGuestSealSchema, text, source, {
    kind: 'saved guest seal',
    version: SAVED_GUEST_SEAL_SCHEMA_VERSION,
  });
}
