// A master boot record: boot code (a bootloader's MBR stage, or none) and up to four primary
// partitions, so a disk image is assembled from partition images without mounting. Pure.

export const SECTOR_BYTES = 512;

/** Partition type bytes nicgate writes. */
export const PARTITION_TYPES = { fat16Lba: 0x0e, fat32Lba: 0x0c, linux: 0x83 } as const;

export interface MbrPartition {
  type: number;
  startSector: number;
  sectors: number;
  bootable?: boolean;
}

/** CHS of `lba` in the 255-head, 63-sector geometry, capped as LBA-era tools write it. */
export function chsOf(lba: number): [number, number, number] {
  const cylinder = Math.floor(lba / (255 * 63));
  if (cylinder > 1023) return [0xfe, 0xff, 0xff];
  const head = Math.floor(lba / 63) % 255;
  const sector = (lba % 63) + 1;
  return [head, ((cylinder >> 2) & 0xc0) | sector, cylinder & 0xff];
}

/** The 512-byte MBR: `bootCode` (at most 440 bytes), a disk signature, the partition table. */
export function buildMbr(
  partitions: readonly MbrPartition[],
  bootCode = Buffer.alloc(0),
  signature = 0x6e696367,
): Buffer {
  if (bootCode.length > 440) throw new Error(`MBR boot code has ${bootCode.length} bytes; at most 440 fit`);
  if (partitions.length > 4) throw new Error(`an MBR holds 4 primary partitions, not ${partitions.length}`);
  const mbr = Buffer.alloc(SECTOR_BYTES);
  bootCode.copy(mbr, 0);
  mbr.writeUInt32LE(signature >>> 0, 440);
  const sorted = [...partitions].sort((a, b) => a.startSector - b.startSector);
  sorted.forEach((p, i) => {
    if (p.startSector < 1 || p.sectors < 1 || p.startSector + p.sectors > 0xffffffff)
      throw new Error(`partition ${i + 1} (sectors ${p.startSector}+${p.sectors}) does not fit an MBR`);
    const next = sorted[i + 1];
    if (next && p.startSector + p.sectors > next.startSector)
      throw new Error(`partitions ${i + 1} and ${i + 2} overlap`);
    const entry = 446 + 16 * i;
    mbr[entry] = p.bootable ? 0x80 : 0;
    Buffer.from(chsOf(p.startSector)).copy(mbr, entry + 1);
    mbr[entry + 4] = p.type;
    Buffer.from(chsOf(p.startSector + p.sectors - 1)).copy(mbr, entry + 5);
    mbr.writeUInt32LE(p.startSector, entry + 8);
    mbr.writeUInt32LE(p.sectors, entry + 12);
  });
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  return mbr;
}
