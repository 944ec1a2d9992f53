// The record of a prepared user image (`<cache>/user-images/<image>-<recipe>/prepared.json`):
// what prepare found and made, and each file's size and digest when it made them. The folder is
// reused only while its files still match and its image and recipe are the ones asked for.
import { z } from 'zod';
import { readVersionedJson } from './read.js';

const PREPARED_IMAGE_SCHEMA_VERSION = 1;

/** Package managers prepare installs iperf3 with, in the order it looks for them. */
export const PACKAGE_MANAGER_NAMES = ['apt-get', 'dnf', 'yum', 'zypper', 'apk', 'pacman'] as const;
export type PackageManager = (typeof PACKAGE_MANAGER_NAMES)[number];

/** The BSDs' package tools a recipe installs iperf3 with (guest/<os>/prepare-recipe.ts). */
export const BSD_PACKAGE_TOOLS = ['pkg', 'pkg_add'] as const;
export type BsdPackageTool = (typeof BSD_PACKAGE_TOOLS)[number];

/** A kernel release as uname prints it. */
export const KERNEL_RELEASE_PATTERN = /^[A-Za-z0-9._+~-]{1,100}$/;
/** A word of the command line that names the root file system, in characters nothing reads specially. */
export const ROOT_ARG_PATTERN = /^(root|rootflags|rootfstype)=[A-Za-z0-9=/_.:,+@-]{1,200}$/;

const digest = z.strictObject({
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const preparedImageSchema = z.strictObject({
  schemaVersion: z.literal(PREPARED_IMAGE_SCHEMA_VERSION),
  /** sha256 of the user's image file the overlay lies over. */
  imageSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** First 16 hex digits of the hook archive's sha256. */
  recipe: z.string().regex(/^[0-9a-f]{16}$/),
  kernelRelease: z.string().regex(KERNEL_RELEASE_PATTERN),
  rootArgs: z.array(z.string().regex(ROOT_ARG_PATTERN)).min(1).max(3),
  /** Where iperf3 came from: the image itself, or the package manager prepare installed it with. */
  iperf3: z.enum(['image', ...PACKAGE_MANAGER_NAMES]),
  files: z.strictObject({ overlay: digest, kernel: digest, initrd: digest }),
});
export type PreparedImageRecord = z.infer<typeof preparedImageSchema>;

export function preparedImageRecord(fields: Omit<PreparedImageRecord, 'schemaVersion'>): PreparedImageRecord {
  return preparedImageSchema.parse({ schemaVersion: PREPARED_IMAGE_SCHEMA_VERSION, ...fields });
}

export function parsePreparedImageRecord(text: string, source: string): PreparedImageRecord {
  return readVersionedJson(preparedImageSchema, text, source, {
    kind: 'prepared image',
    version: PREPARED_IMAGE_SCHEMA_VERSION,
  });
}

/**
 * The record of a prepared BSD image (the same folder, the same rules): the overlay alone, as a
 * BSD boots through its own boot loader and starts the hook from /etc/rc.local.
 */
const preparedBsdImageSchema = z.strictObject({
  schemaVersion: z.literal(PREPARED_IMAGE_SCHEMA_VERSION),
  os: z.enum(['freebsd', 'netbsd']),
  imageSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** First 16 hex digits of the sha256 of the install archive and the recipe's commands. */
  recipe: z.string().regex(/^[0-9a-f]{16}$/),
  kernelRelease: z.string().regex(KERNEL_RELEASE_PATTERN),
  iperf3: z.enum(['image', ...BSD_PACKAGE_TOOLS]),
  files: z.strictObject({ overlay: digest }),
});
export type PreparedBsdImageRecord = z.infer<typeof preparedBsdImageSchema>;

export function preparedBsdImageRecord(
  fields: Omit<PreparedBsdImageRecord, 'schemaVersion'>,
): PreparedBsdImageRecord {
  return preparedBsdImageSchema.parse({ schemaVersion: PREPARED_IMAGE_SCHEMA_VERSION, ...fields });
}

export function parsePreparedBsdImageRecord(text: string, source: string): PreparedBsdImageRecord {
  return readVersionedJson(preparedBsdImageSchema, text, source, {
    kind: 'prepared BSD image',
    version: PREPARED_IMAGE_SCHEMA_VERSION,
  });
}
