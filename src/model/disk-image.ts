// The metadata file of a built disk-image guest (`<cache>/debian-12-<hash>/image.json`). Like every
// cached file it is untrusted: the disk is reused only when this file parses, names the content
// hash the folder is named after, and the disk has the size and digest recorded here.
import { z } from 'zod';
import { readVersionedJson } from './read.js';

const DISK_IMAGE_SCHEMA_VERSION = 1;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const moduleFileSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}\.ko(\.(xz|zst|gz))?$/);

const diskImageMetaSchema = z.strictObject({
  schemaVersion: z.literal(DISK_IMAGE_SCHEMA_VERSION),
  /** The content hash of everything the disk is built from. */
  hash: sha256Schema,
  kernelRelease: z.string().min(1).max(200),
  /** Kernel package, and the Debian packages the root file system was unpacked from. */
  source: z.string().min(1).max(2000),
  /** Load order (dependencies first) of each module name the disk carries under /modules. */
  moduleOrder: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), z.array(moduleFileSchema)),
  disk: z.strictObject({ bytes: z.number().int().positive(), sha256: sha256Schema }),
});
export type DiskImageMeta = z.infer<typeof diskImageMetaSchema>;

export function diskImageMeta(fields: Omit<DiskImageMeta, 'schemaVersion'>): DiskImageMeta {
  return diskImageMetaSchema.parse({ schemaVersion: DISK_IMAGE_SCHEMA_VERSION, ...fields });
}

/** Parses and validates a disk image's metadata; throws FileFormatError naming `source`. */
export function parseDiskImageMeta(text: string, source: string): DiskImageMeta {
  return readVersionedJson(diskImageMetaSchema, text, source, {
    kind: 'disk image metadata',
    version: DISK_IMAGE_SCHEMA_VERSION,
  });
}
