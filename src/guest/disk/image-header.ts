// What a disk image's header says, read by nicgate itself before QEMU opens the image. A qcow2
// header can name other files QEMU would open with the run's privileges: a backing file and an
// external data file. A cached overlay is another job's file, so its header is checked here and
// the backing file is pinned on QEMU's command line too (qemu/argv.ts); the format is told from
// the header (qcow2's magic), never from the file's name.
//
// The fields read, from QEMU's docs/interop/qcow2.txt (all big-endian):
//   0 magic 'QFI\xfb' · 4 version (2 or 3) · 8 backing_file_offset (u64) · 16 backing_file_size
//   (u32) · 20 cluster_bits (u32) · v3 only: 72 incompatible_features (u64; bit 2 = external data
//   file) · 100 header_length (u32). Header extensions follow the header (at 72 in v2, at
//   header_length in v3): u32 type, u32 length, data padded to 8 bytes, type 0 ends them;
//   0xe2792aca is the backing file's format, 0x44415441 ('DATA') the external data file's name.
//   The header, its extensions and the backing file's name all lie in the first cluster.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { quote, RunError } from '../../common/errors.js';

export type DiskFormat = 'raw' | 'qcow2';

export class DiskImageError extends RunError {
  override readonly name = 'DiskImageError';
}

export interface Qcow2Header {
  version: 2 | 3;
  /** The backing file's name as the header writes it (relative to the image, or absolute). */
  backingFile?: string;
  /** The backing file's format (header extension 0xe2792aca). */
  backingFormat?: string;
  /** Incompatible feature bit 2: the guest's data lives in another file. */
  externalDataFile: boolean;
  /** That file's name (header extension 'DATA'). */
  dataFile?: string;
}

const QCOW2_MAGIC = Buffer.from([0x51, 0x46, 0x49, 0xfb]);
const V2_HEADER_BYTES = 72;
const V3_HEADER_BYTES = 104;
const INCOMPATIBLE_EXTERNAL_DATA_FILE = 1n << 2n;
const EXTENSION_END = 0;
const EXTENSION_BACKING_FORMAT = 0xe2792aca;
const EXTENSION_DATA_FILE = 0x44415441;
/** QEMU's limits: clusters of 512 B to 2 MiB, a backing file name of at most 1023 bytes. */
const CLUSTER_BITS = { min: 9, max: 21 } as const;
const MAX_BACKING_NAME = 1023;

/** `qcow2` when the bytes begin with qcow2's magic, `raw` otherwise. Pure. */
export function diskFormatOf(head: Buffer): DiskFormat {
  return head.length >= QCOW2_MAGIC.length && head.subarray(0, QCOW2_MAGIC.length).equals(QCOW2_MAGIC)
    ? 'qcow2'
    : 'raw';
}

class HeaderProblem extends Error {}

function text(bytes: Buffer, start: number, length: number, what: string): string {
  if (start + length > bytes.length) throw new HeaderProblem(`its ${what} lies past its first cluster`);
  return bytes.subarray(start, start + length).toString('utf8');
}

/** The header's fields nicgate checks, from the image's first cluster (or more). Pure; throws on a malformed header. */
export function parseQcow2Header(bytes: Buffer): Qcow2Header {
  try {
    return parse(bytes);
  } catch (error) {
    if (error instanceof HeaderProblem)
      throw new DiskImageError(`the qcow2 header is malformed: ${error.message}`, { cause: error });
    throw error;
  }
}

function parse(bytes: Buffer): Qcow2Header {
  if (diskFormatOf(bytes) !== 'qcow2') throw new HeaderProblem('no qcow2 magic');
  if (bytes.length < V2_HEADER_BYTES) throw new HeaderProblem(`only ${bytes.length} bytes`);
  const version = bytes.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new HeaderProblem(`version ${version} (2 or 3 expected)`);
  if (version === 3 && bytes.length < V3_HEADER_BYTES) throw new HeaderProblem(`only ${bytes.length} bytes`);
  const header: Qcow2Header = { version, externalDataFile: false };
  const backingOffset = bytes.readBigUInt64BE(8);
  const backingSize = bytes.readUInt32BE(16);
  if (backingOffset !== 0n) {
    if (backingSize === 0 || backingSize > MAX_BACKING_NAME)
      throw new HeaderProblem(`a backing file name of ${backingSize} bytes`);
    if (backingOffset > BigInt(bytes.length))
      throw new HeaderProblem('its backing file name lies past its first cluster');
    header.backingFile = text(bytes, Number(backingOffset), backingSize, 'backing file name');
  }
  let extensions = V2_HEADER_BYTES;
  if (version === 3) {
    header.externalDataFile = (bytes.readBigUInt64BE(72) & INCOMPATIBLE_EXTERNAL_DATA_FILE) !== 0n;
    extensions = bytes.readUInt32BE(100);
    if (extensions < V3_HEADER_BYTES) throw new HeaderProblem(`a header length of ${extensions}`);
  }
  for (let at = extensions; ;) {
    if (at + 8 > bytes.length) throw new HeaderProblem('its header extensions run past its first cluster');
    const type = bytes.readUInt32BE(at);
    const length = bytes.readUInt32BE(at + 4);
    if (type === EXTENSION_END) break;
    if (type === EXTENSION_BACKING_FORMAT)
      header.backingFormat = text(bytes, at + 8, length, 'backing format extension');
    if (type === EXTENSION_DATA_FILE) header.dataFile = text(bytes, at + 8, length, 'data file extension');
    at += 8 + Math.ceil(length / 8) * 8;
  }
  return header;
}

/** What an image must be: its format, and the one backing file its header may name (none by default). */
export interface ExpectedImage {
  format: DiskFormat;
  backing?: { name: string; format: DiskFormat };
}

/** Reads the image's first cluster (the whole header), without following a link. */
async function readHead(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    throw new DiskImageError(`${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    if (!(await handle.stat()).isFile()) throw new DiskImageError(`${path} is not a regular file`);
    const first = Buffer.alloc(V3_HEADER_BYTES);
    const { bytesRead } = await handle.read(first, 0, first.length, 0);
    const head = first.subarray(0, bytesRead);
    if (diskFormatOf(head) !== 'qcow2' || bytesRead < 24) return head;
    const clusterBits = head.readUInt32BE(20);
    if (clusterBits < CLUSTER_BITS.min || clusterBits > CLUSTER_BITS.max)
      throw new DiskImageError(`${path}: the qcow2 header is malformed: cluster_bits ${clusterBits}`);
    const cluster = Buffer.alloc(2 ** clusterBits);
    const all = await handle.read(cluster, 0, cluster.length, 0);
    return cluster.subarray(0, all.bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Throws DiskImageError unless the image at `path` is `expected.format` by its header and, for
 * qcow2, names exactly the expected backing file and format (or none) and no external data file.
 */
export async function checkDiskImage(path: string, expected: ExpectedImage): Promise<void> {
  const head = await readHead(path);
  const format = diskFormatOf(head);
  if (format !== expected.format)
    throw new DiskImageError(
      format === 'qcow2'
        ? `${path} is a qcow2 image, not raw; refused`
        : `${path} is not a qcow2 image (no qcow2 header); refused`,
    );
  if (format === 'raw') return;
  let header: Qcow2Header;
  try {
    header = parseQcow2Header(head);
  } catch (error) {
    throw new DiskImageError(`${path}: ${(error as Error).message}; refused`, { cause: error });
  }
  if (header.externalDataFile || header.dataFile !== undefined)
    throw new DiskImageError(
      `${path} names an external data file${header.dataFile === undefined ? '' : ` (${quote(header.dataFile)})`}; refused: nicgate's images keep their data in themselves`,
    );
  const want = expected.backing;
  if (header.backingFile !== undefined && want === undefined)
    throw new DiskImageError(
      `${path} names the backing file ${quote(header.backingFile)}, where none is expected; refused`,
    );
  if (want === undefined) return;
  if (header.backingFile !== want.name)
    throw new DiskImageError(
      `${path} names ${header.backingFile === undefined ? 'no backing file' : `the backing file ${quote(header.backingFile)}`}, not ${quote(want.name)}; refused`,
    );
  if (header.backingFormat !== undefined && header.backingFormat !== want.format)
    throw new DiskImageError(
      `${path} names the backing format ${quote(header.backingFormat)}, not ${quote(want.format)}; refused`,
    );
}
