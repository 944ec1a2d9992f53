// Paths the user names, checked before anything boots: inputs must be readable files or
// directories of the right kind, outputs must be writable where a run will write them at the end.
// No path may be `/` or lie under /proc, /sys or /dev, as written or after its links are resolved.
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import { systemPathRefusal } from '../common/input-file.js';

export type PathKind = 'file' | 'directory' | 'missing' | 'other';

/** What the checks may ask of the file system; injected so plans can be built in tests. */
export interface PathProbe {
  kind: (path: string) => PathKind;
  readable: (path: string) => boolean;
  writable: (path: string) => boolean;
  /** The directory a path's file would go in (`dirname`). */
  parent: (path: string) => string;
  /**
   * The absolute path with links resolved as far as it exists (realpath). Without it, paths are
   * taken as written (a probe of an imagined file system without links).
   */
  real?: (path: string) => string;
}

/** Refuses `/` and paths under /proc, /sys and /dev, as written and after realpath. */
function checkNotSystemPath(input: string, path: string, probe: PathProbe): void {
  const refusal = systemPathRefusal(path, probe.real ?? ((written) => written));
  if (refusal !== undefined) throw new InputError(input, path, refusal);
}

export function checkReadableFile(input: string, path: string, probe: PathProbe): void {
  checkNotSystemPath(input, path, probe);
  const kind = probe.kind(path);
  if (kind === 'missing') throw new InputError(input, path, 'does not exist');
  if (kind !== 'file') throw new InputError(input, path, `is a ${describe(kind)}, not a file`);
  if (!probe.readable(path)) throw new InputError(input, path, 'is not readable by this user');
}

export function checkReadableDirectory(input: string, path: string, probe: PathProbe): void {
  checkNotSystemPath(input, path, probe);
  const kind = probe.kind(path);
  if (kind === 'missing') throw new InputError(input, path, 'does not exist');
  if (kind !== 'directory') throw new InputError(input, path, `is a ${describe(kind)}, not a directory`);
  if (!probe.readable(path)) throw new InputError(input, path, 'is not readable by this user');
}

/** A directory nicgate creates when missing: it may not be a file, and its parent must take it. */
export function checkWorkDirectory(input: string, path: string, probe: PathProbe): void {
  checkNotSystemPath(input, path, probe);
  const kind = probe.kind(path);
  if (kind === 'directory') {
    if (!probe.writable(path)) throw new InputError(input, path, 'is not writable by this user');
    return;
  }
  if (kind !== 'missing') throw new InputError(input, path, `is a ${describe(kind)}, not a directory`);
}

export interface OutputOptions {
  /**
   * Create missing directories on the way (the Action: a matrix job writes `matrix/results-x.json`
   * into a folder it uploads); the nearest existing ancestor must then be a writable directory.
   * Off for the CLI, where a missing directory is more likely a typo.
   */
  createParents?: boolean;
}

/**
 * A file written at the end of a run: checked now, so a run's measurements are never lost to it.
 * The write is atomic (a temporary file beside it, renamed over it), so what must be writable is
 * the directory (or, with createParents, the nearest one that exists), not an existing file.
 */
export function checkOutputFile(
  input: string,
  path: string,
  probe: PathProbe,
  { createParents = false }: OutputOptions = {},
): void {
  if (path.trim() === '') throw new InputError(input, path, 'is empty: name the file to write');
  checkNotSystemPath(input, path, probe);
  const kind = probe.kind(path);
  if (kind === 'directory') throw new InputError(input, path, 'is a directory; name a file inside it');
  if (kind === 'other') throw new InputError(input, path, 'is not a regular file');
  let parent = probe.parent(path);
  let parentKind = probe.kind(parent);
  while (createParents && parentKind === 'missing' && probe.parent(parent) !== parent) {
    parent = probe.parent(parent);
    parentKind = probe.kind(parent);
  }
  if (parentKind === 'missing')
    throw new InputError(input, path, `is in a directory that does not exist (${parent})`);
  if (parentKind !== 'directory')
    throw new InputError(input, path, `is inside ${parent}, which is not a directory`);
  if (!probe.writable(parent))
    throw new InputError(input, path, `cannot be written by this user: ${parent} is not writable`);
}

/**
 * The git work tree `filePath` lies in as written: the nearest directory above it that holds
 * `.git` (a directory, or a file in a linked work tree or submodule); undefined outside one. A
 * branch cannot commit a `.git` entry, so it cannot move this root.
 */
export function gitWorkTreeOf(filePath: string, probe: PathProbe): string | undefined {
  for (let dir = resolve(dirname(filePath)); ; dir = dirname(dir)) {
    if (probe.kind(join(dir, '.git')) !== 'missing') return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The tree a config file's paths must stay in: its git work tree, else its own directory. */
export function workTreeOf(filePath: string, probe: PathProbe): string {
  return gitWorkTreeOf(filePath, probe) ?? resolve(dirname(filePath));
}

/**
 * A path a config file names: links resolved, it must lie inside `root` (a link committed in the
 * tree that points out of it is refused like a path written outside it).
 */
export function checkInsideTree(input: string, path: string, root: string, probe: PathProbe): void {
  checkNotSystemPath(input, path, probe);
  const real = probe.real ?? resolve;
  const realRoot = real(root);
  const realPath = real(path);
  if (realPath === realRoot || realPath.startsWith(realRoot.endsWith('/') ? realRoot : `${realRoot}/`))
    return;
  const resolved = realPath === resolve(path) ? '' : ` (it resolves to ${realPath})`;
  throw new InputError(
    input,
    path,
    `lies outside the work tree ${realRoot}${resolved}: nicgate reads no file out of the work tree it is named from`,
  );
}

function describe(kind: PathKind): string {
  return kind === 'other' ? 'special file' : kind;
}
