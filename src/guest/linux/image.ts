// Builds (once, cached by content hash) the Linux guest: a kernel plus an initramfs holding
// busybox, iperf3, iproute2's ip/tc with their libraries, the NIC and profile modules, /init.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RunError } from '../../common/errors.js';
import { runCommand } from '../../proc/run.js';
import { allNicModules, PROFILE_MODULES } from '../../nic/models.js';
import { buildCpio, parentDirs, type CpioEntry } from './cpio.js';
import { INIT_SCRIPT } from './init-script.js';
import { KERNEL_META_PACKAGES, kernelPackagesFromDepends, osReleaseId } from './kernel-package.js';
import { missingLibraries, parseLdd } from './ldd.js';
import { DECOMPRESSOR, findCompressedPayload, hasPvhEntry } from './vmlinux.js';
import { moduleLoadOrder, parseModulesDep, presentModules } from './modules.js';

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

export interface KernelTree {
  image: string;
  /** /lib/modules/<release> directory, or undefined when the kernel has no modules. */
  modulesDir?: string;
  release: string;
  source: string;
}

/** Host tools copied into the guest, found on PATH. */
const GUEST_TOOLS = [
  { name: 'busybox', dest: '/bin/busybox', mustBeStatic: true },
  { name: 'iperf3', dest: '/usr/bin/iperf3' },
  { name: 'ip', dest: '/usr/sbin/ip' },
  { name: 'tc', dest: '/usr/sbin/tc' },
] as const;

export async function which(tool: string): Promise<string> {
  for (const dir of ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const path = join(dir, tool);
    if (existsSync(path)) return path;
  }
  throw new RunError(
    `\`${tool}\` is not installed; run \`nicgate setup\` (or install busybox-static, iperf3, iproute2)`,
  );
}

/** Downloads and unpacks the distro kernel packages into the cache (once per package version). */
export async function distroKernel(cacheDir: string): Promise<KernelTree> {
  const id = osReleaseId(await readFile('/etc/os-release', 'utf8').catch(() => '')) ?? 'unknown';
  const meta = KERNEL_META_PACKAGES[id];
  if (!meta) {
    throw new RunError(
      `no built-in guest kernel for host distribution "${id}"; pass --kernel with your own kernel image`,
    );
  }
  const depends = await runCommand(['apt-cache', 'depends', meta]);
  const packages = kernelPackagesFromDepends(depends.stdout);
  if (packages.length === 0) {
    throw new RunError(
      `apt knows no kernel package behind ${meta}; run \`apt-get update\` (nicgate setup does)`,
    );
  }
  // Ubuntu splits modules into further packages that the image package depends on.
  for (const pkg of [...packages]) {
    const more = kernelPackagesFromDepends((await runCommand(['apt-cache', 'depends', pkg])).stdout);
    for (const name of more) if (!packages.includes(name)) packages.push(name);
  }
  const treeDir = join(cacheDir, 'kernel', packages.join('+'));
  const doneMarker = join(treeDir, '.complete');
  if (!existsSync(doneMarker)) {
    const downloadDir = join(cacheDir, 'kernel', 'download');
    await rm(treeDir, { recursive: true, force: true });
    await mkdir(downloadDir, { recursive: true });
    await runCommand(['apt-get', 'download', ...packages], { cwd: downloadDir, timeoutMs: 600_000 });
    for (const file of (await readdir(downloadDir)).filter((f) => f.endsWith('.deb'))) {
      await runCommand(['dpkg-deb', '-x', join(downloadDir, file), treeDir], { timeoutMs: 600_000 });
    }
    const versions = await Promise.all(
      (await readdir(downloadDir))
        .filter((f) => f.endsWith('.deb'))
        .map(
          async (f) =>
            `${(await runCommand(['dpkg-deb', '-f', join(downloadDir, f), 'Package', 'Version'])).stdout.trim().replace(/\n/g, ' ')}`,
        ),
    );
    await writeFile(join(treeDir, '.source'), versions.join('; ').replace(/Package: |Version: /g, ''));
    await rm(downloadDir, { recursive: true, force: true });
    // Packages ship no modules.dep; depmod writes it as the package's postinst would.
    for (const release of await readdir(join(treeDir, 'lib/modules'))) {
      await runCommand([await which('depmod'), '-b', treeDir, release], { timeoutMs: 120_000 });
    }
    await writeFile(doneMarker, '');
  }
  const release = (await readdir(join(treeDir, 'lib/modules')))[0];
  const image = (await readdir(join(treeDir, 'boot'))).find((f) => f.startsWith('vmlinuz-'));
  if (!release || !image) throw new RunError(`kernel package in ${treeDir} has no vmlinuz or modules`);
  return {
    image: join(treeDir, 'boot', image),
    modulesDir: join(treeDir, 'lib/modules', release),
    release,
    source: (await readFile(join(treeDir, '.source'), 'utf8')).trim(),
  };
}

/** A user-supplied kernel (`--kernel`, optional `--kernel-modules` directory). */
export async function userKernel(image: string, modulesDir?: string): Promise<KernelTree> {
  const digest = createHash('sha256')
    .update(await readFile(image))
    .digest('hex')
    .slice(0, 12);
  return {
    image,
    modulesDir,
    release: modulesDir ? basename(modulesDir) : 'unknown',
    source: `user kernel ${image} (sha256 ${digest})`,
  };
}

async function toolEntries(): Promise<CpioEntry[]> {
  const entries = new Map<string, CpioEntry>();
  for (const tool of GUEST_TOOLS) {
    const path = await which(tool.name);
    entries.set(tool.dest, { kind: 'file', path: tool.dest, data: await readFile(path), mode: 0o755 });
    const ldd = await runCommand(['ldd', path], { allowFailure: true });
    const missing = missingLibraries(ldd.stdout);
    if (missing.length > 0)
      throw new RunError(`${path} needs libraries that are not installed: ${missing.join(', ')}`);
    const libs = parseLdd(ldd.stdout);
    if ('mustBeStatic' in tool && libs.length > 0) {
      throw new RunError(`${path} is dynamically linked; the guest needs busybox-static`);
    }
    for (const lib of libs) {
      if (!entries.has(lib))
        entries.set(lib, { kind: 'file', path: lib, data: await readFile(lib), mode: 0o755 });
    }
  }
  return [...entries.values()];
}

async function moduleEntries(kernel: KernelTree): Promise<{
  entries: CpioEntry[];
  moduleFiles: Record<string, string>;
  moduleOrder: Record<string, string[]>;
}> {
  if (!kernel.modulesDir) return { entries: [], moduleFiles: {}, moduleOrder: {} };
  const index = parseModulesDep(await readFile(join(kernel.modulesDir, 'modules.dep'), 'utf8'));
  const wanted = presentModules(index, [...allNicModules(), ...PROFILE_MODULES]);
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
        data: await readFile(join(kernel.modulesDir, entry.path)),
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
async function writeBootKernel(bzImage: Buffer, path: string): Promise<void> {
  const payload = findCompressedPayload(bzImage);
  if (payload) {
    const argv = DECOMPRESSOR[payload.format];
    // Trailing data after the stream makes the tools complain; the output is complete anyway.
    const result = await runCommand(argv, {
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

/** Assembles the guest image for `kernel`, reusing a cached one with the same content hash. */
export async function buildLinuxGuest(kernel: KernelTree, cacheDir: string): Promise<LinuxGuestImage> {
  const kernelImage = await readFile(kernel.image);
  const tools = await toolEntries();
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
  if (existsSync(join(dir, 'image.json'))) return image;

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
    ].filter(dedupeDirs()),
  );
  await writeFile(join(staging, 'initramfs.cpio'), archive);
  await writeBootKernel(kernelImage, join(staging, 'vmlinuz'));
  await writeFile(
    join(staging, 'image.json'),
    JSON.stringify({ ...image, kernelPath: undefined, initramfsPath: undefined }, null, 2),
  );
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  await pruneImages(cacheDir, 3);
  return image;
}

/** Keeps the `keep` most recently built images; older ones are dead weight in the cache. */
async function pruneImages(cacheDir: string, keep: number): Promise<void> {
  const images = (await readdir(cacheDir)).filter((name) => /^linux-[0-9a-f]{16}$/.test(name));
  const dated = await Promise.all(
    images.map(async (name) => ({ name, time: (await stat(join(cacheDir, name))).mtimeMs })),
  );
  for (const { name } of dated.sort((a, b) => b.time - a.time).slice(keep)) {
    await rm(join(cacheDir, name), { recursive: true, force: true });
  }
}

function dedupeDirs(): (entry: CpioEntry) => boolean {
  const seen = new Set<string>();
  return (entry) => {
    const key = entry.path.replace(/^\/+/, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/** The initrd for one boot: the cached image with the job file laid over it. */
export async function writeBootInitrd(image: LinuxGuestImage, jobText: string, path: string): Promise<void> {
  const base = await readFile(image.initramfsPath);
  const job = buildCpio([{ kind: 'file', path: '/job', data: Buffer.from(jobText, 'utf8') }]);
  await writeFile(path, Buffer.concat([base, job]));
}
