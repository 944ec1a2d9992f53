// A user's FreeBSD or NetBSD image (`--image-os freebsd|netbsd`) as a guest: prepared once with
// its OS's recipe (bsd-prepare.ts), then each measurement boots the prepared overlay as a
// snapshot through the image's own boot loader and rc, whose /etc/rc.local starts the hook when
// the job disk is attached (bsd/install.ts). The recipes are written from the publishers'
// documentation and have not run on a real BSD guest: a run says so before it prepares.
import { RunError } from '../../common/errors.js';
import type { ImageGuest } from '../../model/plan.js';
import type { Exec } from '../../proc/exec.js';
import type { BootSource } from '../../qemu/argv.js';
import { bsdInstallArchive } from '../bsd/install.js';
import { renderBsdJob } from '../bsd/job.js';
import type { BsdTraits } from '../bsd/traits.js';
import type { GuestImage, ImageRequest, OperatingSystem } from '../os.js';
import { imagePrepareRefusal, type ImageRecipe } from '../recipe/recipe.js';
import {
  describedImage,
  hookedImage,
  iperf3Source,
  NEVER_SAVED,
  prepareContextOf,
  writeJobDisk,
} from './image-guests.js';
import { preparedBsdUserImage, type BsdImageRecipe } from './prepared-bsd.js';

/** The BSDs whose images nicgate has a recipe for, as the prepared record names them. */
const PREPARABLE: readonly string[] = ['freebsd', 'netbsd'] satisfies BsdImageRecipe['os'][];

/** The recipe and traits of `os` where its images can be prepared, else undefined. */
export function bsdImagePrepare(os: OperatingSystem): { recipe: ImageRecipe; traits: BsdTraits } | undefined {
  const recipe = os.imagePrepare?.recipe;
  if (recipe?.kind !== 'recipe' || os.bsdTraits === undefined || !PREPARABLE.includes(os.name))
    return undefined;
  return { recipe, traits: os.bsdTraits };
}

/** The measurement boot: the prepared overlay (the image its pinned backing file) and the job disk. */
function preparedBoot(image: ImageGuest, overlay: string, jobDisk: string): BootSource {
  return {
    kind: 'disk',
    drives: [
      { file: overlay, format: 'qcow2', snapshot: true, backing: { file: image.path, format: image.format } },
      { file: jobDisk, format: 'raw', readOnly: true },
    ],
  };
}

export function bsdPreparedPreview(image: ImageGuest, index: number): BootSource {
  const folder = `<cache>/user-images/${image.contentHash.slice(0, 16)}-<recipe>`;
  return preparedBoot(image, `${folder}/prepared.qcow2`, `<scratch>/boot-${index}.tar`);
}

export async function prepareBsdImageGuest(
  image: ImageGuest,
  request: ImageRequest,
  os: OperatingSystem,
  exec: Exec,
): Promise<GuestImage> {
  const bsd = bsdImagePrepare(os);
  if (bsd === undefined) throw new RunError(`nicgate has no prepare recipe for ${os.label} images`);
  const jobText = (job: Parameters<typeof renderBsdJob>[1]) => renderBsdJob(bsd.traits, job);
  if (image.prepare === 'none') return hookedImage(image, jobText);
  if (request.describeOnly === true) return describedImage(image);
  const context = prepareContextOf(image, request, exec);
  const caveat = os.imagePrepare === undefined ? undefined : imagePrepareRefusal(os.label, os.imagePrepare);
  if (caveat !== undefined)
    context.warn(`${caveat}: a failure is reported with its step and the console's last lines`);
  const prepared = await preparedBsdUserImage(image, request.cacheDir, context, {
    os: os.name as BsdImageRecipe['os'],
    recipe: bsd.recipe,
    installArchive: bsdInstallArchive(bsd.traits),
  });
  return {
    kernelRelease: prepared.record.kernelRelease,
    kernelSource: `image ${image.name} (sha256 ${image.contentHash.slice(0, 16)}) through its own boot loader, the hook from /etc/rc.local; ${iperf3Source(prepared.record.iperf3)}; prepared with nicgate's ${os.label} recipe${os.imagePrepare?.proven === true ? '' : ', not yet run on a real guest before'}`,
    contentHash: image.contentHash,
    bootMedia: async (job, stem) => {
      const jobDisk = await writeJobDisk(jobText(job), stem);
      return { boot: preparedBoot(image, prepared.overlay, jobDisk), files: [jobDisk] };
    },
    ...NEVER_SAVED,
    // Through its boot loader (NetBSD's menu counts down 5 s) and rc, as an image measured as it boots.
    readyTimeoutMs: { kvm: 120_000, tcg: 600_000 },
  };
}
