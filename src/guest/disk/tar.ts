// A POSIX ustar archive, built in memory: the job disk a disk-image guest reads its job from
// (`tar -xf /dev/vdb` and the like read a raw disk that is one archive). Pure.

export interface TarFile {
  /** Relative path inside the archive (`job`, `sysctls/tuned`): at most 100 bytes, no `..`. */
  path: string;
  data: Buffer;
  mode?: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as every tar reads.
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function checkPath(path: string): void {
  const bytes = Buffer.byteLength(path);
  if (bytes === 0 || bytes > 100)
    throw new Error(`tar path must have 1 to 100 bytes: ${JSON.stringify(path)}`);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (path.startsWith('/') || path.split('/').includes('..') || /[\0-\x1f]/.test(path))
    throw new Error(`tar path must be relative, without .. or control characters: ${JSON.stringify(path)}`);
}

function header(file: TarFile): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(file.path, 0, 100, 'utf8');
  block.write(octal(file.mode ?? 0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii'); // uid
  block.write(octal(0, 8), 116, 'ascii'); // gid
  block.write(octal(file.data.length, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii'); // mtime: fixed, so equal jobs give equal disks
  block.write(' '.repeat(8), 148, 'ascii'); // checksum field counts as spaces while summing
  block.write('0', 156, 'ascii'); // regular file
  block.write('ustar\u000000', 257, 'ascii');
  block.write('root', 265, 'ascii');
  block.write('root', 297, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** The archive of `files`, in order, ending with the two zero blocks tar expects. */
export function buildTar(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    checkPath(file.path);
    parts.push(header(file), file.data, Buffer.alloc((BLOCK - (file.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}
