// The remembered resolution of the distro kernel meta package (`<cache>/kernel-packages.json`):
// which concrete packages `apt-cache depends` named, their .debs' digests in apt's index
// (`apt-cache show`), and the stamps of the apt state it read.
// `apt-cache depends` takes 0.5-1 s per call on a runner without apt's binary cache, twice per
// run; while the package lists and preferences keep their stamps, the answer cannot change.
// The file is untrusted like every cached file: package names reach `apt-get download` and a
// folder name, so they must be Debian package names.
import { z } from 'zod';
import { fileStampSchema } from './file-stamps.js';
import { readVersionedJson } from './read.js';

const KERNEL_PACKAGES_SCHEMA_VERSION = 2;

/** Debian policy: lower case letters, digits, `+`, `-` and `.`, starting with a letter or digit. */
const debianPackageNameSchema = z.string().regex(/^[a-z0-9][a-z0-9+.-]{1,100}$/);

/** An absolute path without `..` segments: the apt state files are found by listing, not given. */
const statePathSchema = z
  .string()
  .regex(/^\/[A-Za-z0-9_.+~:@%/-]{1,300}$/)
  .refine((path) => !path.split('/').includes('..'), { message: 'a state path has no .. segment' });

const kernelPackagesSchema = z.strictObject({
  schemaVersion: z.literal(KERNEL_PACKAGES_SCHEMA_VERSION),
  /** The meta package resolved (`linux-image-amd64`). */
  meta: debianPackageNameSchema,
  /** The concrete packages behind it, image first. */
  packages: z.array(debianPackageNameSchema).min(1),
  /**
   * The SHA256 of each package's .deb in apt's index (signed by the repository's Release file): a
   * cached kernel tree is used only while the .debs it keeps have these digests.
   */
  sha256: z.record(debianPackageNameSchema, z.string().regex(/^[0-9a-f]{64}$/)),
  /** Every apt state file the answer depends on, with its stamp when the answer was found. */
  inputs: z.record(statePathSchema, fileStampSchema),
});
export type KernelPackages = z.infer<typeof kernelPackagesSchema>;

export function kernelPackages(fields: Omit<KernelPackages, 'schemaVersion'>): KernelPackages {
  return kernelPackagesSchema.parse({ schemaVersion: KERNEL_PACKAGES_SCHEMA_VERSION, ...fields });
}

/** Parses a remembered resolution; throws FileFormatError naming `source`. */
export function parseKernelPackages(text: string, source: string): KernelPackages {
  return readVersionedJson(kernelPackagesSchema, text, source, {
    kind: 'kernel packages',
    version: KERNEL_PACKAGES_SCHEMA_VERSION,
  });
}
