// Where the guest kernel comes from: the distro's kernel packages (downloaded and unpacked into
// the cache once per package version) or the user's own image (`--kernel`).
//
// A cached kernel tree is never trusted for being there: a `.complete` marker is only where to
// look. The tree keeps the .debs it was unpacked from; before each use, each must have the SHA256
// that apt's signed index gives for it, and every file nicgate then reads from the tree must match
// the md5sums inside those .debs and resolve (realpath) inside the tree. A tree that fails the
// first check is unpacked again; a file that fails the second is refused.
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { describeError, RunError } from '../../common/errors.js';
import { fileDigest } from '../checked-files.js';
import type { LinuxBuildHost } from './host.js';
import { KERNEL_META_PACKAGES, osReleaseId, parseMd5sums } from './kernel-package.js';
import { aptStateFiles, resolveKernelPackages } from './kernel-resolution.js';

export interface KernelTree {
  image: string;
  /** /lib/modules/<release> directory, or undefined when the kernel has no modules. */
  modulesDir?: string;
  release: string;
  source: string;
  /**
   * A distro kernel's tree: its root, and the md5 of each file its packages hold (relative path ->
   * md5). Files read from it are checked against these (readKernelFile).
   */
  packaged?: { root: string; md5: ReadonlyMap<string, string> };
}

/** A kernel tree file that is not what its package holds, or leads out of the tree. */
export class KernelTreeError extends RunError {
  override readonly name = 'KernelTreeError';
}

export const KERNEL_DONE_MARKER = '.complete';
/** Where an unpacked tree keeps its packages (`<package>.deb`), checked before every use. */
const DEBS_DIR = '.debs';

/**
 * Downloads and unpacks the distro kernel packages into the cache (once per package version).
 * `osRelease` reads the host's /etc/os-release; a parameter so tests pick the distribution.
 */
export async function distroKernel(
  cacheDir: string,
  host: LinuxBuildHost,
  osRelease: () => Promise<string> = () => readFile('/etc/os-release', 'utf8').catch(() => ''),
): Promise<KernelTree> {
  const { exec } = host;
  const id = osReleaseId(await osRelease()) ?? 'unknown';
  const meta = KERNEL_META_PACKAGES[id];
  if (!meta) {
    throw new RunError(
      `no built-in guest kernel for host distribution "${id}"; pass --kernel with your own kernel image`,
    );
  }
  const { packages, sha256 } = await resolveKernelPackages(meta, cacheDir, exec, await aptStateFiles());
  const treeDir = join(cacheDir, 'kernel', packages.join('+'));
  if ((await packagesProblem(treeDir, packages, sha256)) !== undefined)
    await unpackKernel(treeDir, join(cacheDir, 'kernel', 'download'), packages, sha256, host);
  const md5 = new Map<string, string>();
  for (const name of packages) {
    const control = await exec(['dpkg-deb', '--info', join(treeDir, DEBS_DIR, `${name}.deb`), 'md5sums']);
    for (const [path, sum] of parseMd5sums(control.stdout)) md5.set(path, sum);
  }
  const modulesRoot = join(treeDir, 'lib/modules');
  const release = (await readdir(modulesRoot).catch(() => [] as string[])).find(
    (name) => !name.startsWith('.'),
  );
  const image = (await readdir(join(treeDir, 'boot')).catch(() => [] as string[])).find((f) =>
    f.startsWith('vmlinuz-'),
  );
  if (!release || !image) throw new RunError(`kernel package in ${treeDir} has no vmlinuz or modules`);
  return {
    image: join(treeDir, 'boot', image),
    modulesDir: join(modulesRoot, release),
    release,
    source: (await readFile(join(treeDir, '.source'), 'utf8')).trim(),
    packaged: { root: treeDir, md5 },
  };
}

/**
 * Why the tree at `treeDir` may not be used as it is, or undefined when it may: it must be a
 * directory (not a link), marked complete, and keep each package's .deb as a regular file with
 * the digest apt's index gives.
 */
async function packagesProblem(
  treeDir: string,
  packages: readonly string[],
  sha256: Readonly<Record<string, string>>,
): Promise<string | undefined> {
  const tree = await lstat(treeDir).catch(() => undefined);
  if (!tree?.isDirectory()) return 'it is not unpacked';
  if (!(await lstat(join(treeDir, KERNEL_DONE_MARKER)).catch(() => undefined))?.isFile())
    return 'it is not complete';
  for (const name of packages) {
    const deb = join(treeDir, DEBS_DIR, `${name}.deb`);
    if (!(await lstat(deb).catch(() => undefined))?.isFile()) return `it keeps no ${name}.deb`;
    if ((await fileDigest(deb)).sha256 !== sha256[name])
      return `its ${name}.deb does not have the SHA256 apt's index gives`;
  }
  return undefined;
}

async function unpackKernel(
  treeDir: string,
  downloadDir: string,
  packages: readonly string[],
  sha256: Readonly<Record<string, string>>,
  host: LinuxBuildHost,
): Promise<void> {
  const { exec } = host;
  await rm(treeDir, { recursive: true, force: true });
  await rm(downloadDir, { recursive: true, force: true });
  await mkdir(downloadDir, { recursive: true });
  await exec(['apt-get', 'download', ...packages], { cwd: downloadDir, timeoutMs: 600_000 });
  const debs = new Map<string, string>();
  const versions: string[] = [];
  for (const file of (await readdir(downloadDir)).filter((f) => f.endsWith('.deb'))) {
    const path = join(downloadDir, file);
    const fields = (await exec(['dpkg-deb', '-f', path, 'Package', 'Version'])).stdout.trim();
    const name = fields.match(/^Package:\s*(\S+)$/m)?.[1];
    if (name === undefined || !packages.includes(name)) continue;
    if ((await fileDigest(path)).sha256 !== sha256[name])
      throw new RunError(`the downloaded ${file} does not have the SHA256 apt's index gives for ${name}`);
    debs.set(name, path);
    versions.push(fields.replace(/\n/g, ' '));
  }
  const missing = packages.filter((name) => !debs.has(name));
  if (missing.length > 0) throw new RunError(`apt-get download gave no .deb for ${missing.join(', ')}`);
  for (const name of packages)
    await exec(['dpkg-deb', '-x', debs.get(name)!, treeDir], { timeoutMs: 600_000 });
  await mkdir(join(treeDir, DEBS_DIR));
  for (const name of packages) await rename(debs.get(name)!, join(treeDir, DEBS_DIR, `${name}.deb`));
  await writeFile(join(treeDir, '.source'), versions.join('; ').replace(/Package: |Version: /g, ''));
  await rm(downloadDir, { recursive: true, force: true });
  // Packages ship no modules.dep; depmod writes it as the package's postinst would.
  for (const release of await readdir(join(treeDir, 'lib/modules'))) {
    await exec([await host.findTool('depmod'), '-b', treeDir, release], { timeoutMs: 120_000 });
  }
  await writeFile(join(treeDir, KERNEL_DONE_MARKER), '');
}

/** `path` relative to `root` when it lies inside it, else undefined. */
function inside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  return rel === '' || rel === '..' || rel.startsWith('../') || isAbsolute(rel) ? undefined : rel;
}

/**
 * Reads a file of `kernel`. Within `within` (the tree's root for a distro kernel, the modules
 * directory for a module), the path must stay inside once its links are resolved: realpath, not a
 * string prefix, so a chain like `d -> .` then `d/d/../../etc/shadow` is caught. A distro kernel's
 * file must also match its package's md5sums, unless it is one nicgate's unpacking wrote
 * (`generated`: modules.dep, whose lines parseModulesDep checks). A file that does not marks the
 * tree incomplete, so the next run unpacks it again.
 */
export async function readKernelFile(
  kernel: KernelTree,
  path: string,
  { within = kernel.packaged?.root, generated = false }: { within?: string; generated?: boolean } = {},
): Promise<Buffer> {
  if (within !== undefined) {
    const [realRoot, realPath] = await Promise.all([realpath(within), realpath(path)]).catch(
      (error: unknown) => {
        throw new KernelTreeError(`kernel file ${path} cannot be resolved: ${describeError(error)}`, {
          cause: error,
        });
      },
    );
    if (inside(realRoot, realPath) === undefined)
      throw await refused(kernel, `kernel file ${path} leads out of ${within} (to ${realPath})`);
  }
  const data = await readFile(path);
  const packaged = kernel.packaged;
  if (packaged === undefined || generated) return data;
  const rel = inside(packaged.root, path);
  const expected = rel === undefined ? undefined : packaged.md5.get(rel);
  if (expected === undefined)
    throw await refused(kernel, `kernel file ${path} is not in its package's md5sums`);
  if (createHash('md5').update(data).digest('hex') !== expected)
    throw await refused(kernel, `kernel file ${path} does not match its package's md5sums`);
  return data;
}

async function refused(kernel: KernelTree, message: string): Promise<KernelTreeError> {
  if (!kernel.packaged) return new KernelTreeError(message);
  await rm(join(kernel.packaged.root, KERNEL_DONE_MARKER), { force: true });
  return new KernelTreeError(
    `${message}; the cached kernel tree was changed after it was unpacked and is unpacked again on the next run`,
  );
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
