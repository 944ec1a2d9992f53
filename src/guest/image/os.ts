// A user's own image (`--image`) as a guest: the OS folder `--image-os` names supplies what
// nicgate knows of the OS (machine, NIC drivers, `stock` and `tuned` rows); the image supplies
// its name, path, format and content. A Linux image is prepared once over SSH (prepared.ts) and
// each measurement boots the prepared overlay with the image's own kernel straight into the hook;
// the image file itself is never written. Other OSes are planned but not yet run.
import { writeFile } from 'node:fs/promises';
import { RunError } from '../../common/errors.js';
import type { ImageGuest } from '../../model/plan.js';
import type { Exec } from '../../proc/exec.js';
import type { BootSource } from '../../qemu/argv.js';
import { guestCatalog, type GuestCatalog } from '../catalog.js';
import { buildTar } from '../disk/tar.js';
import { which } from '../linux/host.js';
import { namedModulesJobText } from '../linux/os.js';
import type { BootJob, BootMedia, GuestImage, GuestOs, ImageRequest, OperatingSystem } from '../os.js';
import { imagePrepareRefusal } from '../recipe/recipe.js';
import { USER_IMAGES } from './cache-layout.js';
import { HOOK_INIT } from './hook.js';
import { hookCommandLine } from './prepare-commands.js';
import { preparedUserImage, type PreparedUserImage } from './prepared.js';

/**
 * Why a run refuses an image of `os`: none for Linux; for another OS its recipe's refusal, or
 * that its recipe has not run on a real guest (guest/<os>/prepare-recipe.ts).
 */
export function imageNotRunnable(os: OperatingSystem): string | undefined {
  if (os.name === 'linux') return undefined;
  const why = os.imagePrepare === undefined ? undefined : imagePrepareRefusal(os.label, os.imagePrepare);
  return (
    why ?? `measuring a ${os.name} image is not built yet: its prepare recipe has not run on a real runner`
  );
}

/** The job disk of one boot: a raw tar archive holding `job` (docs/guest-contract.md). */
async function writeJobDisk(job: BootJob, stem: string): Promise<string> {
  const jobDisk = `${stem}.tar`;
  await writeFile(jobDisk, buildTar([{ path: 'job', data: Buffer.from(namedModulesJobText(job)) }]));
  return jobDisk;
}

/** A user image is never saved: its boots are its own kernel's, not nicgate's initramfs. */
const NEVER_SAVED: Pick<GuestImage, 'awaitingMedia' | 'controlJob' | 'canSave'> = {
  awaitingMedia: () => Promise.reject(new RunError('a user image cannot be saved')),
  controlJob: () => {
    throw new RunError('a user image cannot be saved');
  },
  canSave: false,
};

/** The job disk beside the prepared overlay, and the image's kernel booted straight into the hook. */
export async function userImageBootMedia(
  image: ImageGuest,
  prepared: PreparedUserImage,
  job: BootJob,
  stem: string,
): Promise<BootMedia> {
  const jobDisk = await writeJobDisk(job, stem);
  return {
    boot: {
      kind: 'disk',
      drives: [
        {
          file: prepared.overlay,
          format: 'qcow2',
          snapshot: true,
          backing: { file: image.path, format: image.format },
        },
        { file: jobDisk, format: 'raw', readOnly: true },
      ],
      direct: {
        kernel: prepared.kernel,
        initrd: prepared.initrd,
        append: hookCommandLine(prepared.record.rootArgs, HOOK_INIT),
      },
    },
    files: [jobDisk],
  };
}

function iperf3Source(iperf3: PreparedUserImage['record']['iperf3']): string {
  return iperf3 === 'image' ? "the image's iperf3" : `iperf3 installed with ${iperf3}`;
}

/**
 * An image that carries the hook itself (`--image-prepare none`, docs/guest-contract.md): each
 * boot is the image as it boots, through its own boot loader and init, with the job disk beside it.
 */
function hookedImage(image: ImageGuest): GuestImage {
  return {
    kernelRelease: 'as the image reports it',
    kernelSource: `image ${image.name} (sha256 ${image.contentHash.slice(0, 16)}) as it boots, its own hook (--image-prepare none)`,
    contentHash: image.contentHash,
    bootMedia: async (job, stem) => {
      const jobDisk = await writeJobDisk(job, stem);
      return {
        boot: {
          kind: 'disk',
          drives: [
            { file: image.path, format: image.format, snapshot: true },
            { file: jobDisk, format: 'raw', readOnly: true },
          ],
        },
        files: [jobDisk],
      };
    },
    ...NEVER_SAVED,
    // Its own init first (a systemd image takes about a minute to the hook under TCG here).
    readyTimeoutMs: { kvm: 120_000, tcg: 600_000 },
  };
}

/** An image no boot of this run needs: named by its hash, its kernel unknown, never booted. */
function describedImage(image: ImageGuest): GuestImage {
  return {
    kernelRelease: 'not prepared: nothing was measured',
    kernelSource: `image ${image.name} (sha256 ${image.contentHash.slice(0, 16)}), not prepared: nothing was measured`,
    contentHash: image.contentHash,
    bootMedia: () => Promise.reject(new RunError(`the image ${image.name} was not prepared for this run`)),
    ...NEVER_SAVED,
  };
}

async function prepareLinuxImage(image: ImageGuest, request: ImageRequest, exec: Exec): Promise<GuestImage> {
  if (image.prepare === 'none') return hookedImage(image);
  if (request.describeOnly === true) return describedImage(image);
  const host = request.prepare;
  if (host?.scratchDir === undefined)
    throw new RunError(`the image ${image.name} needs a prepare boot, which this caller cannot run`);
  const prepared = await preparedUserImage(image, request.cacheDir, {
    exec,
    spawn: host.spawn,
    findTool: which,
    track: host.track,
    untrack: host.untrack,
    accel: host.accel,
    consoleLog: host.consoleLog,
    scratchDir: host.scratchDir,
    warn: host.warn ?? (() => undefined),
  });
  return {
    kernelRelease: prepared.record.kernelRelease,
    kernelSource: `image ${image.name} (sha256 ${image.contentHash.slice(0, 16)}), its own kernel; ${iperf3Source(prepared.record.iperf3)}`,
    contentHash: image.contentHash,
    bootMedia: (job, stem) => userImageBootMedia(image, prepared, job, stem),
    ...NEVER_SAVED,
  };
}

/** The guest of one user image, of the OS it names in `catalog`. */
export function userImageGuest(image: ImageGuest, catalog: GuestCatalog): GuestOs {
  const os = catalog.oses.find((known) => known.name === image.os);
  if (os === undefined) throw new RunError(`no guest OS is named ${JSON.stringify(image.os)}`);
  const notRunnable = imageNotRunnable(os);
  return {
    name: image.name,
    os,
    label: `image ${image.name}`,
    title: `your ${os.label} image, ${image.format}`,
    boot: 'disk-image',
    ...(notRunnable === undefined ? {} : { notRunnable }),
    // The prepared folder; the image itself is the workflow's own file.
    cacheLayouts: [USER_IMAGES],
    prepareImage: (request, exec) =>
      notRunnable === undefined
        ? prepareLinuxImage(image, request, exec)
        : Promise.reject(new RunError(notRunnable)),
    bootPreview: (index) =>
      image.prepare === 'none' ? hookedPreview(image, index) : preparedPreview(image, index),
  };
}

function hookedPreview(image: ImageGuest, index: number): BootSource {
  return {
    kind: 'disk',
    drives: [
      { file: image.path, format: image.format, snapshot: true },
      { file: `<scratch>/boot-${index}.tar`, format: 'raw', readOnly: true },
    ],
  };
}

function preparedPreview(image: ImageGuest, index: number): BootSource {
  const folder = `<cache>/user-images/${image.contentHash.slice(0, 16)}-<recipe>`;
  return {
    kind: 'disk',
    drives: [
      {
        file: `${folder}/prepared.qcow2`,
        format: 'qcow2',
        snapshot: true,
        backing: { file: image.path, format: image.format },
      },
      { file: `<scratch>/boot-${index}.tar`, format: 'raw', readOnly: true },
    ],
    direct: {
      kernel: `${folder}/vmlinuz`,
      initrd: `${folder}/initrd`,
      append: hookCommandLine(['root=<as the image boots>'], HOOK_INIT),
    },
  };
}

/** `catalog` with the plan's images added as guests of their OSes. */
export function withImageGuests(catalog: GuestCatalog, images: readonly ImageGuest[]): GuestCatalog {
  if (images.length === 0) return catalog;
  return guestCatalog([...catalog.guests, ...images.map((image) => userImageGuest(image, catalog))]);
}
