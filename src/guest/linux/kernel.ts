// Where the guest kernel comes from: the distro's kernel package (downloaded and unpacked into
// the cache once per package version) or the user's own image (`--kernel`).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { LinuxBuildHost } from './host.js';
import { KERNEL_META_PACKAGES, osReleaseId } from './kernel-package.js';
import { aptStateFiles, resolveKernelPackages } from './kernel-resolution.js';

export interface KernelTree {
  image: string;
  /** /lib/modules/<release> directory, or undefined when the kernel has no modules. */
  modulesDir?: string;
  release: string;
  source: string;
}

/** Downloads and unpacks the distro kernel packages into the cache (once per package version). */
export async function distroKernel(cacheDir: string, host: LinuxBuildHost): Promise<KernelTree> {
  const { exec } = host;
  const id = osReleaseId(await readFile('/etc/os-release', 'utf8').catch(() => '')) ?? 'unknown';
  const meta = KERNEL_META_PACKAGES[id];
  if (!meta) {
    throw new RunError(
      `no built-in guest kernel for host distribution "${id}"; pass --kernel with your own kernel image`,
    );
  }
  const packages = await resolveKernelPackages(meta, cacheDir, exec, await aptStateFiles());
  const treeDir = join(cacheDir, 'kernel', packages.join('+'));
  const doneMarker = join(treeDir, '.complete');
  if (!existsSync(doneMarker)) {
    const downloadDir = join(cacheDir, 'kernel', 'download');
    await rm(treeDir, { recursive: true, force: true });
    await mkdir(downloadDir, { recursive: true });
    await exec(['apt-get', 'download', ...packages], { cwd: downloadDir, timeoutMs: 600_000 });
    for (const file of (await readdir(downloadDir)).filter((f) => f.endsWith('.deb'))) {
      await exec(['dpkg-deb', '-x', join(downloadDir, file), treeDir], { timeoutMs: 600_000 });
    }
    const versions = await Promise.all(
      (await readdir(downloadDir))
        .filter((f) => f.endsWith('.deb'))
        .map(
          async (f) =>
            `${(await exec(['dpkg-deb', '-f', join(downloadDir, f), 'Package', 'Version'])).stdout.trim().replace(/\n/g, ' ')}`,
        ),
    );
    await writeFile(join(treeDir, '.source'), versions.join('; ').replace(/Package: |Version: /g, ''));
    await rm(downloadDir, { recursive: true, force: true });
    // Packages ship no modules.dep; depmod writes it as the package's postinst would.
    for (const release of await readdir(join(treeDir, 'lib/modules'))) {
      await exec([await host.findTool('depmod'), '-b', treeDir, release], { timeoutMs: 120_000 });
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
