// The Linux initramfs guest behind the GuestOs seam: a distro (or user) kernel, an initramfs
// built once per content hash, and per boot a job file laid over that initramfs.
import type { Exec } from '../../proc/exec.js';
import type { BootJob, BootMedia, GuestImage, GuestOs, ImageRequest } from '../os.js';
import { INITRAMFS_IMAGES, KERNEL_TREES } from './cache-layout.js';
import { kernelCommandLine } from './command-line.js';
import { bootModuleFiles, bootModuleNames } from './drivers.js';
import { which, type LinuxBuildHost } from './host.js';
import { buildLinuxGuest, writeBootInitrd, type LinuxGuestImage } from './image.js';
import { renderAwaitingJob, renderControlJob, renderJob } from './job.js';
import { distroKernel, userKernel } from './kernel.js';
import { TCP_KNOBS } from './knobs.js';
import { LINUX } from './system.js';

function jobText(
  modules: (nic: string | undefined, netemInGuest: boolean) => string[],
  job: BootJob,
): string {
  const netemInGuest = job.netem !== undefined && job.netem.length > 0;
  return renderJob({
    modules: modules(job.nic, netemInGuest),
    sysctls: job.sysctls,
    address: job.address,
    ...(job.netem === undefined ? {} : { netem: job.netem }),
    ...(job.mac === undefined ? {} : { mac: job.mac }),
    iperf3Port: job.iperf3Port,
    report: TCP_KNOBS,
  });
}

/** The job text for one boot: module files for the NIC (and netem when the guest shapes), then the rest. */
export function linuxJobText(image: Pick<LinuxGuestImage, 'moduleOrder'>, job: BootJob): string {
  return jobText((nic, netem) => bootModuleFiles(image.moduleOrder, nic, netem), job);
}

/** The same job for a kernel nicgate did not build: modules by name, for the guest's own modprobe. */
export function namedModulesJobText(job: BootJob): string {
  return jobText(bootModuleNames, job);
}

/** What a waiting Linux guest reads from its control port: the job without modules (loaded already). */
export function linuxControlJob(job: BootJob): string {
  return renderControlJob({
    sysctls: job.sysctls,
    address: job.address,
    ...(job.netem === undefined ? {} : { netem: job.netem }),
    iperf3Port: job.iperf3Port,
    report: TCP_KNOBS,
  });
}

/** A guest to be saved loads every module a job for `nic` may need: the link may be shaped in it. */
export async function linuxAwaitingMedia(
  image: LinuxGuestImage,
  nic: string,
  stem: string,
): Promise<BootMedia> {
  const initrd = `${stem}.cpio`;
  await writeBootInitrd(image, renderAwaitingJob(bootModuleFiles(image.moduleOrder, nic, true)), initrd);
  return {
    boot: { kind: 'kernel', kernel: image.kernelPath, initrd, append: kernelCommandLine() },
    files: [initrd],
  };
}

/** The boot files of `image`: its kernel, and an initrd at `<stem>.cpio` carrying the job. */
export async function linuxBootMedia(image: LinuxGuestImage, job: BootJob, stem: string): Promise<BootMedia> {
  const initrd = `${stem}.cpio`;
  await writeBootInitrd(image, linuxJobText(image, job), initrd);
  return {
    boot: { kind: 'kernel', kernel: image.kernelPath, initrd, append: kernelCommandLine() },
    files: [initrd],
  };
}

/** The cached image for `request`, as the engine sees it. */
async function prepareLinuxImage(request: ImageRequest, host: LinuxBuildHost): Promise<GuestImage> {
  const kernel = request.kernel
    ? await userKernel(request.kernel.image, request.kernel.modulesDir)
    : await distroKernel(request.cacheDir, host);
  const image = await buildLinuxGuest(kernel, request.cacheDir, host);
  return {
    kernelRelease: image.kernelRelease,
    kernelSource: image.kernelSource,
    contentHash: image.hash,
    bootMedia: (job, stem) => linuxBootMedia(image, job, stem),
    awaitingMedia: (nic, stem) => linuxAwaitingMedia(image, nic, stem),
    controlJob: linuxControlJob,
    canSave: true,
  };
}

export const linuxGuest: GuestOs = {
  name: 'linux',
  os: LINUX,
  label: 'Linux',
  title: "Linux (nicgate's initramfs)",
  boot: 'initramfs',
  cacheLayouts: [KERNEL_TREES, INITRAMFS_IMAGES],
  prepareImage: (request: ImageRequest, exec: Exec) => prepareLinuxImage(request, { exec, findTool: which }),
  bootPreview: (index) => ({
    kind: 'kernel',
    kernel: '<cache>/linux-<image hash>/vmlinuz',
    initrd: `<scratch>/boot-${index}.cpio`,
    append: kernelCommandLine(),
  }),
};
