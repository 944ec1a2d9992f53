// The stamps file beside files whose contents were checked against their digests
// (`<image folder>/.verified.json`, `<cache>/saved/<key>.verified.json`): each file's device,
// inode, size and change time when the check passed. A later check whose files still have these
// stamps skips hashing them (about 2 s for an image under TCG's neighbours on 2 cores). Any write,
// copy, hard link or extraction from a cache entry gives a file a new change time, which no user
// process can set back, so a stamp cannot vouch for contents other than those checked.
import { z } from 'zod';
import { readVersionedJson } from './read.js';

const FILE_STAMPS_SCHEMA_VERSION = 1;

const decimal = z.string().regex(/^[0-9]{1,30}$/);

export const fileStampSchema = z.strictObject({
  dev: decimal,
  ino: decimal,
  size: decimal,
  ctimeNs: decimal,
});
export type FileStamp = z.infer<typeof fileStampSchema>;

const fileStampsSchema = z.strictObject({
  schemaVersion: z.literal(FILE_STAMPS_SCHEMA_VERSION),
  files: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/), fileStampSchema),
});
export type FileStamps = z.infer<typeof fileStampsSchema>;

export function fileStamps(files: Record<string, FileStamp>): FileStamps {
  return fileStampsSchema.parse({ schemaVersion: FILE_STAMPS_SCHEMA_VERSION, files });
}

/** Parses a stamps file; throws FileFormatError naming `source`. */
export function parseFileStamps(text: string, source: string): FileStamps {
  return readVersionedJson(fileStampsSchema, text, source, {
    kind: 'file stamps',
    version: FILE_STAMPS_SCHEMA_VERSION,
  });
}
