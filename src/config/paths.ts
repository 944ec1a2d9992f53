// Paths the user names, checked before anything boots: inputs must be readable files or
// directories of the right kind, outputs must be writable where a run will write them at the end.
import { InputError } from '../common/errors.js';

export type PathKind = 'file' | 'directory' | 'missing' | 'other';

/** What the checks may ask of the file system; injected so plans can be built in tests. */
export interface PathProbe {
  kind: (path: string) => PathKind;
  readable: (path: string) => boolean;
  writable: (path: string) => boolean;
  /** The directory a path's file would go in (`dirname`). */
  parent: (path: string) => string;
}

export function checkReadableFile(input: string, path: string, probe: PathProbe): void {
  const kind = probe.kind(path);
  if (kind === 'missing') throw new InputError(input, path, 'does not exist');
  if (kind !== 'file') throw new InputError(input, path, `is a ${describe(kind)}, not a file`);
  if (!probe.readable(path)) throw new InputError(input, path, 'is not readable by this user');
}

export function checkReadableDirectory(input: string, path: string, probe: PathProbe): void {
  const kind = probe.kind(path);
  if (kind === 'missing') throw new InputError(input, path, 'does not exist');
  if (kind !== 'directory') throw new InputError(input, path, `is a ${describe(kind)}, not a directory`);
  if (!probe.readable(path)) throw new InputError(input, path, 'is not readable by this user');
}

/** A directory nicgate creates when missing: it may not be a file, and its parent must take it. */
export function checkWorkDirectory(input: string, path: string, probe: PathProbe): void {
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

/** A file written at the end of a run: checked now, so a run's measurements are never lost to it. */
export function checkOutputFile(
  input: string,
  path: string,
  probe: PathProbe,
  { createParents = false }: OutputOptions = {},
): void {
  if (path.trim() === '') throw new InputError(input, path, 'is empty: name the file to write');
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
  if (!probe.writable(kind === 'file' ? path : parent))
    throw new InputError(input, path, 'cannot be written by this user');
}

function describe(kind: PathKind): string {
  return kind === 'other' ? 'special file' : kind;
}
