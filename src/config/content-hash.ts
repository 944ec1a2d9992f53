// Content hashes of the artifacts a scenario boots (a kernel image, a modules directory): the same
// bytes at another path hash alike, so a rebuilt but identical kernel reads "inputs unchanged".
import { createHash, type Hash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RunError } from '../common/errors.js';

// Read in pieces: a kernel image or a module need not sit in memory whole.
const CHUNK_BYTES = 1 << 20;

/**
 * sha256 hex of a file's bytes (what `sha256sum` prints), or of a directory tree: each entry's
 * relative name, kind and content (a file's hash, a link's target), in name order. Times, owners
 * and modes are not content. The path itself may be a symbolic link; links inside a tree are not
 * followed.
 */
export function hashPath(path: string): string {
  try {
    const hash = createHash('sha256');
    if (statSync(path).isDirectory()) hashTree(hash, path, '');
    else hashFileInto(hash, path);
    return hash.digest('hex');
  } catch (cause) {
    throw new RunError(`cannot hash the content of ${path}`, { cause });
  }
}

function hashTree(hash: Hash, root: string, relative: string): void {
  const names = readdirSync(join(root, relative)).sort();
  for (const name of names) {
    const entry = relative === '' ? name : `${relative}/${name}`;
    const full = join(root, entry);
    const stat = lstatSync(full);
    // NUL ends each name: no file name holds one, so entries cannot run into each other.
    if (stat.isDirectory()) {
      hash.update(`dir ${entry}\0`);
      hashTree(hash, root, entry);
    } else if (stat.isSymbolicLink()) {
      hash.update(`link ${entry}\0${readlinkSync(full)}\0`);
    } else if (stat.isFile()) {
      const file = createHash('sha256');
      hashFileInto(file, full);
      hash.update(`file ${entry}\0${file.digest('hex')}\0`);
    } else {
      hash.update(`other ${entry}\0`);
    }
  }
}

function hashFileInto(hash: Hash, path: string): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
}
