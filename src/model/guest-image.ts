// The metadata file of a built Linux guest image (`<cache>/linux-<hash>/image.json`). Cached
// files are untrusted (an Actions cache entry, a work directory another run left): an image is
// reused only when this file parses, names the content hash the image is stored under, and each
// of its files has the size and sha256 digest recorded here when it was built.
import { z } from 'zod';
import { readVersionedJson } from './read.js';

const GUEST_IMAGE_SCHEMA_VERSION = 1;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

const imageFileSchema = z.strictObject({
  bytes: z.number().int().nonnegative(),
  sha256: sha256Schema,
});

/** The files of an image folder beside its metadata, each with its size and digest. */
export const GUEST_IMAGE_FILES = ['vmlinuz', 'initramfs.cpio'] as const;

const guestImageMetaSchema = z.strictObject({
  schemaVersion: z.literal(GUEST_IMAGE_SCHEMA_VERSION),
  /** The content hash of everything the image is built from (kernel, tools, modules, /init). */
  hash: sha256Schema,
  kernelRelease: z.string().min(1),
  kernelSource: z.string().min(1),
  /** Module file names under /modules in the image, by module name. */
  moduleFiles: z.record(z.string(), z.string()),
  /** Load order (dependencies first) for each module name the image carries. */
  moduleOrder: z.record(z.string(), z.array(z.string())),
  files: z.strictObject({
    vmlinuz: imageFileSchema,
    'initramfs.cpio': imageFileSchema,
  }),
});
export type GuestImageMeta = z.infer<typeof guestImageMetaSchema>;

/** The metadata a build writes, with its schema version. */
export function guestImageMeta(fields: Omit<GuestImageMeta, 'schemaVersion'>): GuestImageMeta {
  return guestImageMetaSchema.parse({ schemaVersion: GUEST_IMAGE_SCHEMA_VERSION, ...fields });
}

/** Parses and validates an image's metadata; throws FileFormatError naming `source`. */
export function parseGuestImageMeta(text: string, source: string): GuestImageMeta {
  return readVersionedJson(guestImageMetaSchema, text, source, {
    kind: 'guest image metadata',
    version: GUEST_IMAGE_SCHEMA_VERSION,
  });
}
