// A user's BSD image's prepared folder, beside the Linux ones (`user-images/<image>-<recipe>/`)
// and under the same rules (prepared.ts): the overlay alone and its record, made once per image
// content and recipe (the install archive and the recipe's commands), reused while the record,
// the overlay's digest and its header check out.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  parsePreparedBsdImageRecord,
  preparedBsdImageRecord,
  type PreparedBsdImageRecord,
} from '../../model/prepared-image.js';
import type { ImageGuest } from '../../model/plan.js';
import { fileDigest } from '../checked-files.js';
import { DiskImageError } from '../disk/image-header.js';
import type { ImageRecipe } from '../recipe/recipe.js';
import { prepareBsdImage } from './bsd-prepare.js';
import { PREPARED_FILES } from './prepare.js';
import {
  checkUserOverlay,
  filesStillMatch,
  makePreparedFolder,
  PREPARE_MEMORY_MIB,
  PREPARE_TIMEOUTS,
  PREPARED_RECORD,
  USER_IMAGES_FOLDER,
  type PrepareContext,
} from './prepared.js';

export interface PreparedBsdUserImage {
  folder: string;
  record: PreparedBsdImageRecord;
  overlay: string;
}

/** What prepare installs and runs in an image of one BSD. */
export interface BsdImageRecipe {
  os: PreparedBsdImageRecord['os'];
  recipe: ImageRecipe;
  installArchive: Buffer;
}

/** The recipe's name in the folder and record: the install archive and the commands run in the image. */
export function bsdRecipeHash({ recipe, installArchive }: BsdImageRecipe): string {
  return createHash('sha256')
    .update(installArchive)
    .update(JSON.stringify({ overSsh: recipe.overSsh, packageTool: recipe.packageTool }))
    .digest('hex')
    .slice(0, 16);
}

async function reusable(
  folder: string,
  image: ImageGuest,
  expected: { os: string; recipe: string },
  warn: (message: string) => void,
): Promise<PreparedBsdImageRecord | undefined> {
  const recordPath = join(folder, PREPARED_RECORD);
  if (!existsSync(recordPath)) return undefined;
  const record = await readFile(recordPath, 'utf8').then(
    (text) => parsePreparedBsdImageRecord(text, recordPath),
    () => undefined,
  );
  if (
    !record ||
    record.imageSha256 !== image.contentHash ||
    record.recipe !== expected.recipe ||
    record.os !== expected.os
  )
    return undefined;
  const overlay = join(folder, PREPARED_FILES.overlay);
  try {
    await checkUserOverlay(overlay, image);
  } catch (error) {
    if (!(error instanceof DiskImageError)) throw error;
    warn(`the prepared image in ${folder} is not used, it is prepared again: ${error.message}`);
    return undefined;
  }
  return (await filesStillMatch(folder, { overlay }, record.files)) ? record : undefined;
}

/** The prepared folder for a BSD `image`: reused when it checks out, else prepared now. */
export async function preparedBsdUserImage(
  image: ImageGuest,
  cacheDir: string,
  context: PrepareContext,
  bsd: BsdImageRecipe,
): Promise<PreparedBsdUserImage> {
  const recipe = bsdRecipeHash(bsd);
  const folder = join(cacheDir, USER_IMAGES_FOLDER, `${image.contentHash.slice(0, 16)}-${recipe}`);
  const overlay = join(folder, PREPARED_FILES.overlay);
  const cached = await reusable(folder, image, { os: bsd.os, recipe }, context.warn);
  if (cached) return { folder, record: cached, overlay };
  const record = await makePreparedFolder(cacheDir, folder, async (partial) => {
    const found = await prepareBsdImage(
      {
        image: { file: image.path, format: image.format, virtualBytes: image.virtualBytes },
        dir: partial,
        accel: context.accel,
        memoryMiB: PREPARE_MEMORY_MIB,
        consoleLog: context.consoleLog,
        controlNicModel: 'virtio-net-pci',
        recipe: bsd.recipe,
        installArchive: bsd.installArchive,
        scratchDir: context.scratchDir,
        timeouts: PREPARE_TIMEOUTS[context.accel],
      },
      context,
    );
    const made = join(partial, PREPARED_FILES.overlay);
    await checkUserOverlay(made, image);
    return preparedBsdImageRecord({
      os: bsd.os,
      imageSha256: image.contentHash,
      recipe,
      ...found,
      files: { overlay: await fileDigest(made) },
    });
  });
  return { folder, record, overlay };
}
