// The Debian disk's root file system as a staged tree: the SSH server prepare logs in with, from
// Debian's packages, the host libraries it needs beyond them, and nicgate's own files.
import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { Exec } from '../../proc/exec.js';
import { missingLibraries, parseLdd } from '../linux/ldd.js';

/** Debian packages unpacked into the root file system: the SSH server prepare logs in with. */
const ROOT_PACKAGES = ['dropbear-bin', 'libtomcrypt1', 'libtommath1'];

export interface DiskBuildHost {
  exec: Exec;
  findTool: (tool: string) => Promise<string>;
}

export interface RootFile {
  path: string;
  data: Buffer;
  mode: number;
}

/** The .deb files of ROOT_PACKAGES, downloaded into the cache once per version. */
export async function rootPackages(cacheDir: string, host: DiskBuildHost): Promise<string[]> {
  const dir = join(cacheDir, 'debian-packages');
  await mkdir(dir, { recursive: true });
  const have = async (): Promise<string[] | undefined> => {
    const names = await readdir(dir);
    const debs = ROOT_PACKAGES.map((pkg) => names.find((n) => n.startsWith(`${pkg}_`) && n.endsWith('.deb')));
    return debs.every((d) => d !== undefined) ? debs.map((d) => join(dir, d!)) : undefined;
  };
  const cached = await have();
  if (cached) return cached;
  await host.exec(['apt-get', 'download', ...ROOT_PACKAGES], { cwd: dir, timeoutMs: 600_000 });
  const downloaded = await have();
  if (!downloaded) throw new RunError(`apt-get download did not give ${ROOT_PACKAGES.join(', ')}`);
  return downloaded;
}

/** Host libraries the unpacked dropbear needs beyond those its packages bring (libc, libcrypt, zlib). */
async function hostLibraries(root: string, host: DiskBuildHost): Promise<string[]> {
  const binary = join(root, 'usr/sbin/dropbear');
  const ldd = await host.exec(['ldd', binary], {
    allowFailure: true,
    env: { ...process.env, LD_LIBRARY_PATH: join(root, 'usr/lib/x86_64-linux-gnu') },
  });
  const missing = missingLibraries(ldd.stdout);
  if (missing.length > 0)
    throw new RunError(`dropbear needs libraries that are not installed: ${missing.join(', ')}`);
  return parseLdd(ldd.stdout).filter((lib) => !lib.startsWith(root));
}

async function writeRootFile(root: string, file: RootFile): Promise<void> {
  const path = join(root, file.path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.data);
  await chmod(path, file.mode);
}

/** Fills `root` (made here): the packages `debs` unpacked, then `files` and the host libraries dropbear needs. */
export async function stageRootTree(
  root: string,
  debs: readonly string[],
  files: readonly RootFile[],
  host: DiskBuildHost,
): Promise<void> {
  await mkdir(root, { recursive: true });
  for (const deb of debs) await host.exec(['dpkg-deb', '-x', deb, root], { timeoutMs: 120_000 });
  await rm(join(root, 'usr/share'), { recursive: true, force: true });
  const libs = await hostLibraries(root, host);
  const all: RootFile[] = [
    ...files,
    ...(await Promise.all(
      libs.map(async (lib) => ({ path: lib.slice(1), data: await readFile(lib), mode: 0o755 })),
    )),
  ];
  for (const file of all) await writeRootFile(root, file);
  for (const dirName of ['proc', 'sys', 'dev', 'tmp', 'run', 'root', 'usr/bin', 'usr/sbin', 'etc/dropbear'])
    await mkdir(join(root, dirName), { recursive: true });
  await symlink('busybox', join(root, 'bin/sh'));
}
