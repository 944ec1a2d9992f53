// Builds (once, cached by content hash) the Linux guest: a kernel plus an initramfs holding
// busybox, iperf3, iproute2's ip/tc with their libraries, the NIC and profile modules, /init.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describeError } from '../../common/errors.js';
import { fileDigest, rememberChecked, STAMPS_SUFFIX, stillChecked } from '../checked-files.js';
import { GUEST_IMAGE_FILES, guestImageMeta, parseGuestImageMeta } from '../../model/guest-image.js';
import { buildCpio, firstOfEachPath, parentDirs, type CpioEntry } from './cpio.js';
import { imageModuleNames } from './drivers.js';
import type { LinuxBuildHost } from './host.js';
import { INIT_SCRIPT } from './init-script.js';
import { readKernelFile, type KernelTree } from './kernel.js';
import { moduleLoadOrder, parseModulesDep, presentModules } from './modules.js';
import { toolEntries } from './tools.js';
import { DECOMPRESSOR, findCompressedPayload, hasPvhEntry } from './vmlinux.js';

/** Bump when the image layout changes, so old cache entries are not reused. */
const IMAGE_FORMAT = 4;

export interface LinuxGuestImage {
  kernelPath: string;
  initramfsPath: string;
  /** Module file names under /modules in the image, by module name. */
  moduleFiles: Record<string, string>;
  /** Load order (dependencies first) for each module name the image carries. */
  moduleOrder: Record<string, string[]>;
  kernelRelease: string;
  kernelSource: string;
  hash: string;
}

/** Archive entries under /modules for `names` (those the kernel has) and their dependencies. */
export async function moduleEntries(
  kernel: KernelTree,
  names: readonly string[] = imageModuleNames(),
): Promise<{
  entries: CpioEntry[];
  moduleFiles: Record<string, string>;
  moduleOrder: Record<string, string[]>;
}> {
  const modulesDir = kernel.modulesDir;
  if (!modulesDir) return { entries: [], moduleFiles: {}, moduleOrder: {} };
  const depFile = join(modulesDir, 'modules.dep');
  const index = parseModulesDep(
    (await readKernelFile(kernel, depFile, { within: modulesDir, generated: true })).toString('utf8'),
  );
  const wanted = presentModules(index, names);
  const entries: CpioEntry[] = [];
  const moduleFiles: Record<string, string> = {};
  const moduleOrder: Record<string, string[]> = {};
  for (const name of wanted) {
    const order = moduleLoadOrder(index, [name]);
    moduleOrder[name] = order.map((entry) => basename(entry.path));
    for (const entry of order) {
      const file = basename(entry.path);
      if (moduleFiles[file]) continue;
      moduleFiles[file] = file;
      entries.push({
        kind: 'file',
        path: `/modules/${file}`,
        data: await readKernelFile(kernel, join(modulesDir, entry.path), { within: modulesDir }),
      });
    }
  }
  return { entries, moduleFiles, moduleOrder };
}

function contentHash(kernelImage: Buffer, entries: readonly CpioEntry[]): string {
  const hash = createHash('sha256').update(`nicgate-linux-image-${IMAGE_FORMAT}\n`).update(kernelImage);
  for (const entry of entries) {
    hash.update(`${entry.kind} ${entry.path}\n`);
    if (entry.kind === 'file') hash.update(createHash('sha256').update(entry.data).digest());
    if (entry.kind === 'symlink') hash.update(entry.target);
  }
  return hash.digest('hex');
}

/** The uncompressed PVH-bootable kernel when it can be had, else the bzImage as it is. */
async function writeBootKernel(bzImage: Buffer, path: string, host: LinuxBuildHost): Promise<void> {
  const payload = findCompressedPayload(bzImage);
  if (payload) {
    const argv = DECOMPRESSOR[payload.format];
    // Trailing data after the stream makes the tools complain; the output is complete anyway.
    const result = await host.exec(argv, {
      input: bzImage.subarray(payload.offset),
      allowFailure: true,
      timeoutMs: 120_000,
      binaryOutput: true,
    });
    if (result.stdoutBytes && hasPvhEntry(result.stdoutBytes)) {
      await writeFile(path, result.stdoutBytes);
      return;
    }
  }
  await writeFile(path, bzImage);
}

/** `linux-<first 16 hex digits of the content hash>`: the folder of one image in the cache. */
export const IMAGE_FOLDER = /^linux-([0-9a-f]{16})$/;

/**
 * Why the image folder `dir` must not be reused, or undefined when it may: its image.json must
 * parse, name the content hash the folder is named after (and `hash` when given), and each file
 * must have the size and digest recorded there. Cached files are untrusted: a folder restored from
 * an Actions cache entry is checked before anything boots it.
 */
export async function imageFolderProblem(dir: string, hash?: string): Promise<string | undefined> {
  const source = join(dir, 'image.json');
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    return `its image.json cannot be read (${describeError(error)})`;
  }
  let meta;
  try {
    meta = parseGuestImageMeta(text, source);
  } catch (error) {
    return describeError(error);
  }
  const named = IMAGE_FOLDER.exec(basename(dir))?.[1];
  if (named === undefined || !meta.hash.startsWith(named))
    return `its image.json names content hash ${meta.hash}, not the folder's`;
  if (hash !== undefined && meta.hash !== hash)
    return `its image.json names content hash ${meta.hash}, not ${hash}`;
  const files = Object.fromEntries(
    [...GUEST_IMAGE_FILES, 'image.json'].map((name) => [name, join(dir, name)]),
  );
  const stamps = join(dir, VERIFIED_STAMPS);
  if (await stillChecked(stamps, files)) return undefined;
  for (const name of GUEST_IMAGE_FILES) {
    const recorded = meta.files[name];
    const size = await stat(join(dir, name)).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== recorded.bytes)
      return `its ${name} has ${size} bytes, its image.json says ${recorded.bytes}`;
    if ((await fileDigest(join(dir, name))).sha256 !== recorded.sha256)
      return `its ${name} does not match the digest in its image.json`;
  }
  await rememberChecked(stamps, files);
  return undefined;
}

/** The stamps of an image folder's files as they were when their digests last checked out. */
const VERIFIED_STAMPS = STAMPS_SUFFIX;

/**
 * Assembles the guest image for `kernel`, reusing a cached one with the same content hash when
 * its files match their recorded digests (a folder that does not is built again).
 */
export async function buildLinuxGuest(
  kernel: KernelTree,
  cacheDir: string,
  host: LinuxBuildHost,
): Promise<LinuxGuestImage> {
  const kernelImage = await readKernelFile(kernel, kernel.image);
  const tools = await toolEntries(host);
  const modules = await moduleEntries(kernel);
  const files: CpioEntry[] = [
    { kind: 'file', path: '/init', data: Buffer.from(INIT_SCRIPT, 'utf8'), mode: 0o755 },
    ...tools,
    ...modules.entries,
  ];
  const hash = contentHash(kernelImage, files);
  const dir = join(cacheDir, `linux-${hash.slice(0, 16)}`);
  const image: LinuxGuestImage = {
    kernelPath: join(dir, 'vmlinuz'),
    initramfsPath: join(dir, 'initramfs.cpio'),
    moduleFiles: modules.moduleFiles,
    moduleOrder: modules.moduleOrder,
    kernelRelease: kernel.release,
    kernelSource: kernel.source,
    hash,
  };
  if (existsSync(join(dir, 'image.json')) && (await imageFolderProblem(dir, hash)) === undefined)
    return image;

  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const skeleton: CpioEntry[] = [
    'proc',
    'sys',
    'dev',
    'tmp',
    'run',
    'modules',
    'usr/bin',
    'usr/sbin',
    'sbin',
  ].map((path) => ({ kind: 'dir', path }));
  const archive = buildCpio(
    [
      ...parentDirs(files.map((f) => f.path)),
      ...skeleton,
      ...files,
      { kind: 'symlink', path: '/bin/sh', target: 'busybox' } as const,
    ].filter(firstOfEachPath()),
  );
  await writeFile(join(staging, 'initramfs.cpio'), archive);
  await writeBootKernel(kernelImage, join(staging, 'vmlinuz'), host);
  const meta = guestImageMeta({
    hash,
    kernelRelease: image.kernelRelease,
    kernelSource: image.kernelSource,
    moduleFiles: image.moduleFiles,
    moduleOrder: image.moduleOrder,
    files: {
      vmlinuz: await fileDigest(join(staging, 'vmlinuz')),
      'initramfs.cpio': await fileDigest(join(staging, 'initramfs.cpio')),
    },
  });
  await writeFile(join(staging, 'image.json'), JSON.stringify(meta, null, 2));
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  await pruneImages(cacheDir, 3);
  return image;
}

/** The names of the image folders in `cacheDir` (none when it does not exist). */
export async function imageFolderNames(cacheDir: string): Promise<string[]> {
  return (await readdir(cacheDir).catch(() => [] as string[]))
    .filter((name) => IMAGE_FOLDER.test(name))
    .sort();
}

/** Keeps the `keep` most recently built images; older ones are dead weight in the cache. */
async function pruneImages(cacheDir: string, keep: number): Promise<void> {
  const images = await imageFolderNames(cacheDir);
  const dated = await Promise.all(
    images.map(async (name) => ({ name, time: (await stat(join(cacheDir, name))).mtimeMs })),
  );
  for (const { name } of dated.sort((a, b) => b.time - a.time).slice(keep)) {
    await rm(join(cacheDir, name), { recursive: true, force: true });
  }
}

/** The initrd for one boot: the cached image with the job file laid over it. */
export async function writeBootInitrd(image: LinuxGuestImage, jobText: string, path: string): Promise<void> {
  const base = await readFile(image.initramfsPath);
  const job = buildCpio([{ kind: 'file', path: '/job', data: Buffer.from(jobText, 'utf8') }]);
  await writeFile(path, Buffer.concat([base, job]));
}
