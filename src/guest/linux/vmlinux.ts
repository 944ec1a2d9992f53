// A bzImage decompresses itself, which under TCG costs seconds of emulated CPU at every boot.
// QEMU can instead boot the uncompressed ELF (vmlinux) directly through its PVH entry point,
// so the image builder unpacks it once and caches it. Finding the payload and the PVH note is pure.

export type PayloadFormat = 'xz' | 'zstd' | 'gzip';

const MAGIC: readonly [PayloadFormat, Buffer][] = [
  ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
  ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd])],
  ['gzip', Buffer.from([0x1f, 0x8b, 0x08])],
];

/** Host tool that decompresses each format from stdin to stdout. */
export const DECOMPRESSOR: Readonly<Record<PayloadFormat, string[]>> = {
  xz: ['xz', '-dc'],
  zstd: ['zstd', '-dcq'],
  gzip: ['gzip', '-dc'],
};

/** The compressed kernel inside a bzImage: the earliest known magic after the setup header. */
export function findCompressedPayload(
  bzImage: Buffer,
): { format: PayloadFormat; offset: number } | undefined {
  if (bzImage.subarray(0x202, 0x206).toString('latin1') !== 'HdrS') return undefined;
  let best: { format: PayloadFormat; offset: number } | undefined;
  for (const [format, magic] of MAGIC) {
    const offset = bzImage.indexOf(magic, 0x200);
    if (offset >= 0 && (best === undefined || offset < best.offset)) best = { format, offset };
  }
  return best;
}

/** True for an ELF kernel that carries the Xen PHYS32_ENTRY note QEMU needs to boot it via PVH. */
export function hasPvhEntry(elf: Buffer): boolean {
  if (elf.subarray(0, 4).toString('latin1') !== '\x7fELF') return false;
  // Note header: namesz=4, descsz (any), type=18 (XEN_ELFNOTE_PHYS32_ENTRY), name "Xen\0".
  const tail = Buffer.from([0x12, 0x00, 0x00, 0x00, 0x58, 0x65, 0x6e, 0x00]);
  for (let at = elf.indexOf(tail); at >= 8; at = elf.indexOf(tail, at + 1)) {
    if (elf.readUInt32LE(at - 8) === 4) return true;
  }
  return false;
}
