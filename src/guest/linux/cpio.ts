// A writer for the cpio "newc" format the Linux kernel unpacks as an initramfs.
// Pure: entries in, bytes out. Several archives concatenated are unpacked in order,
// which is how a per-boot job file is laid over the cached base image.

export type CpioEntry =
  | { kind: 'file'; path: string; data: Uint8Array; mode?: number }
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'symlink'; path: string; target: string };

const TYPE_FILE = 0o100000;
const TYPE_DIR = 0o040000;
const TYPE_SYMLINK = 0o120000;

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}

function pad4(length: number): number {
  return (4 - (length % 4)) % 4;
}

function header(ino: number, mode: number, size: number, nameSize: number): string {
  // magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check
  return '070701' + [ino, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, nameSize, 0].map(hex8).join('');
}

function record(ino: number, mode: number, name: string, data: Uint8Array): Uint8Array[] {
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  const head = Buffer.from(header(ino, mode, data.length, nameBytes.length), 'ascii');
  const headPad = pad4(head.length + nameBytes.length);
  return [head, nameBytes, new Uint8Array(headPad), data, new Uint8Array(pad4(data.length))];
}

function archivePath(path: string): string {
  const trimmed = path.replace(/^\/+/, '');
  if (trimmed === '' || trimmed.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`invalid archive path ${JSON.stringify(path)}`);
  }
  return trimmed;
}

/** Builds one newc archive, trailer included. */
export function buildCpio(entries: readonly CpioEntry[]): Buffer {
  const chunks: Uint8Array[] = [];
  let ino = 1;
  for (const entry of entries) {
    const name = archivePath(entry.path);
    if (entry.kind === 'file') {
      chunks.push(...record(ino++, TYPE_FILE | (entry.mode ?? 0o644), name, entry.data));
    } else if (entry.kind === 'dir') {
      chunks.push(...record(ino++, TYPE_DIR | (entry.mode ?? 0o755), name, new Uint8Array(0)));
    } else {
      chunks.push(...record(ino++, TYPE_SYMLINK | 0o777, name, Buffer.from(entry.target, 'utf8')));
    }
  }
  chunks.push(...record(0, 0, 'TRAILER!!!', new Uint8Array(0)));
  return Buffer.concat(chunks);
}

/** Every parent directory of the given paths, shallowest first, as directory entries. */
export function parentDirs(paths: readonly string[]): CpioEntry[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    const parts = archivePath(path).split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [...dirs]
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))
    .map((path) => ({ kind: 'dir', path }));
}

/** A filter keeping the first entry of each path (leading slashes aside): a parent listed twice is made once. */
export function firstOfEachPath(): (entry: CpioEntry) => boolean {
  const seen = new Set<string>();
  return (entry) => {
    const key = entry.path.replace(/^\/+/, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
