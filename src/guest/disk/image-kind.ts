// What a user's own image is, told from its first bytes, never from its name: a qcow2 image (its
// magic), a raw disk (an MBR boot signature at 510 or a GPT header at 512), or something else,
// which a refusal describes (a compressed archive, a program, text) so the user sees what they
// passed. A qcow2 header naming another file (backing file, external data file) is refused: QEMU
// would open that host file with the run's privileges. Pure.
import { quote } from '../../common/errors.js';
import { diskFormatOf, parseQcow2Header, type DiskFormat } from './image-header.js';

/** Enough to hold a qcow2 header's first cluster (at most 2 MiB), where the names it holds lie. */
export const IMAGE_HEAD_BYTES = 2 * 1024 * 1024;

export type ImageKind =
  | { format: DiskFormat; virtualBytes: number }
  /** Why the file is not an image nicgate takes, as the end of a sentence naming it. */
  | { refusal: string };

const MBR_SIGNATURE_AT = 510;
const GPT_HEADER_AT = 512;
const GPT_SIGNATURE = Buffer.from('EFI PART', 'latin1');
const QCOW2_SIZE_AT = 24;

/** Formats a user may mistake for a disk image, by their magic: what the file is, what to do. */
const KNOWN_MAGIC: readonly { bytes: readonly number[]; what: string; hint?: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'starts with a gzip header (1f 8b)', hint: 'decompress it first' },
  {
    bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'starts with an xz header',
    hint: 'decompress it first',
  },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'starts with a zstd header', hint: 'decompress it first' },
  { bytes: [0x42, 0x5a, 0x68], what: 'starts with a bzip2 header (BZh)', hint: 'decompress it first' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'starts with a zip header (PK)', hint: 'unpack it first' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'starts with ELF (a program or a kernel)' },
  {
    bytes: [0x4b, 0x44, 0x4d, 0x56],
    what: 'is a VMDK image',
    hint: 'convert it (qemu-img convert -O qcow2) first',
  },
];

function startsWith(head: Buffer, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte);
}

/** Printable ASCII and whitespace only, in the bytes read: a text file, not a disk. */
function isText(head: Buffer): boolean {
  const sample = head.subarray(0, 4096);
  return sample.every(
    (byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f),
  );
}

function hex(head: Buffer): string {
  return [...head.subarray(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

function describeNonImage(head: Buffer): string {
  if (head.length === 0) return 'is empty: not a disk image';
  const known = KNOWN_MAGIC.find(({ bytes }) => startsWith(head, bytes));
  if (known !== undefined)
    return `${known.what}: not a disk image${known.hint === undefined ? '' : `; ${known.hint}`}`;
  if (isText(head)) return 'is plain text: not a disk image';
  return `starts with ${hex(head)}: not a disk image (no qcow2 header, no MBR boot signature at 510, no GPT header at 512)`;
}

function isRawDisk(head: Buffer): boolean {
  const mbr =
    head.length >= MBR_SIGNATURE_AT + 2 &&
    head[MBR_SIGNATURE_AT] === 0x55 &&
    head[MBR_SIGNATURE_AT + 1] === 0xaa;
  const gpt = head.subarray(GPT_HEADER_AT, GPT_HEADER_AT + GPT_SIGNATURE.length).equals(GPT_SIGNATURE);
  return mbr || gpt;
}

function qcow2Kind(head: Buffer): ImageKind {
  let header;
  try {
    header = parseQcow2Header(head);
  } catch (error) {
    return { refusal: `is a qcow2 image nicgate cannot read: ${(error as Error).message}` };
  }
  if (header.backingFile !== undefined)
    return {
      refusal: `is a qcow2 image with the backing file ${quote(header.backingFile)}: refused, since QEMU would open that host file; flatten it (qemu-img convert -O qcow2) first`,
    };
  if (header.externalDataFile || header.dataFile !== undefined)
    return {
      refusal: `is a qcow2 image whose data lies in another file${header.dataFile === undefined ? '' : ` (${quote(header.dataFile)})`}: refused, since QEMU would open that host file; convert it (qemu-img convert -O qcow2) first`,
    };
  return { format: 'qcow2', virtualBytes: Number(head.readBigUInt64BE(QCOW2_SIZE_AT)) };
}

/** The image's kind from its first IMAGE_HEAD_BYTES bytes (or all of a smaller file) and its size. */
export function imageKind(head: Buffer, fileBytes: number): ImageKind {
  if (diskFormatOf(head) === 'qcow2') return qcow2Kind(head);
  if (isRawDisk(head)) return { format: 'raw', virtualBytes: fileBytes };
  return { refusal: describeNonImage(head) };
}
