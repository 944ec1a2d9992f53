// The guests a user's image makes whatever its OS: one that carries the hook itself
// (`--image-prepare none`), one no boot of the run needs (described by its hash), and what they
// share with prepared ones (the job disk, never saved).
import { writeFile } from 'node:fs/promises';
import { RunError } from '../../common/errors.js';
import type { ImageGuest } from '../../model/plan.js';
import type { Exec } from '../../proc/exec.js';
import { buildTar } from '../disk/tar.js';
import { which } from '../linux/host.js';
import type { BootJob, GuestImage, ImageRequest } from '../os.js';
import type { PrepareContext } from './prepared.js';

/** The job disk of one boot: a raw tar archive holding `job` (docs/guest-contract.md). */
export async function writeJobDisk(jobText: string, stem: string): Promise<string> {
  const jobDisk = `${stem}.tar`;
  await writeFile(jobDisk, buildTar([{ path: 'job', data: Buffer.from(jobText) }]));
  return jobDisk;
}

/** A user image is never saved: its boots are its own kernel's, not nicgate's initramfs. */
export const NEVER_SAVED: Pick<GuestImage, 'awaitingMedia' | 'controlJob' | 'canSave'> = {
  awaitingMedia: () => Promise.reject(new RunError('a user image cannot be saved')),
  controlJob: () => {
    throw new RunError('a user image cannot be saved');
  },
  canSave: false,
};

/** What a prepare boot of `image` runs with; a caller that cannot run one is refused. */
export function prepareContextOf(image: ImageGuest, request: ImageRequest, exec: Exec): PrepareContext {
  const host = request.prepare;
  if (host?.scratchDir === undefined)
    throw new RunError(`the image ${image.name} needs a prepare boot, which this caller cannot run`);
  return {
    exec,
    spawn: host.spawn,
    findTool: which,
    track: host.track,
    untrack: host.untrack,
    accel: host.accel,
    consoleLog: host.consoleLog,
    scratchDir: host.scratchDir,
    warn: host.warn ?? (() => undefined),
  };
}

/** Where the prepared image's iperf3 came from, for the results' kernel source. */
export function iperf3Source(iperf3: string): string {
  return iperf3 === 'image' ? "the image's iperf3" : `iperf3 installed with ${iperf3}`;
}

/**
 * An image that carries the hook itself (`--image-prepare none`, docs/guest-contract.md): each
 * boot is the image as it boots, through its own boot loader and init, with the job disk beside it.
 */
export function hookedImage(image: ImageGuest, jobText: (job: BootJob) => string): GuestImage {
  return {
    kernelRelease: 'as the image reports it',
    kernelSource: `image ${image.name} (sha256 ${image.contentHash.slice(0, 16)}) as it boots, its own hook (--image-prepare none)`,
    contentHash: image.contentHash,
    bootMedia: async (job, stem) => {
      const jobDisk = await writeJobDisk(jobText(job), stem);
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
export function describedImage(image: ImageGuest): GuestImage {
  return {
    kernelRelease: 'not prepared: nothing was measured',
    kernelSource: `image ${image.name} (sha256 ${image.contentHash.slice(0, 16)}), not prepared: nothing was measured`,
    contentHash: image.contentHash,
    bootMedia: () => Promise.reject(new RunError(`the image ${image.name} was not prepared for this run`)),
    ...NEVER_SAVED,
  };
}
