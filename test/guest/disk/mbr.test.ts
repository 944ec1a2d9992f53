import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMbr, chsOf, PARTITION_TYPES } from '../../../src/guest/disk/mbr.js';
import { requiredTool } from '../../host/required-tool.js';

describe('buildMbr', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-mbr-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a table that sfdisk reads back: types, starts, sizes, the boot flag', () => {
    const mbr = buildMbr(
      [
        { type: PARTITION_TYPES.linux, startSector: 133120, sectors: 409600 },
        { type: PARTITION_TYPES.fat16Lba, startSector: 2048, sectors: 131072, bootable: true },
      ],
      Buffer.alloc(440, 0x90),
    );
    const disk = join(dir, 'disk.img');
    writeFileSync(disk, mbr);
    truncateSync(disk, (133120 + 409600) * 512);
    const table = JSON.parse(
      execFileSync(requiredTool('sfdisk'), ['--json', disk], { encoding: 'utf8' }),
    ) as {
      partitiontable: {
        label: string;
        id: string;
        partitions: { start: number; size: number; type: string; bootable?: boolean }[];
      };
    };
    expect(table.partitiontable.label).toBe('dos');
    expect(table.partitiontable.id).toBe('0x6e696367');
    expect(
      table.partitiontable.partitions.map(({ start, size, type, bootable }) => ({
        start,
        size,
        type,
        bootable,
      })),
    ).toEqual([
      { start: 2048, size: 131072, type: 'e', bootable: true },
      { start: 133120, size: 409600, type: '83', bootable: undefined },
    ]);
    expect(mbr.subarray(0, 440).every((b) => b === 0x90)).toBe(true);
  });

  it('computes CHS as fdisk does in the 255/63 geometry, capped beyond cylinder 1023', () => {
    // fdisk -l -u=cylinders shows 2048 as 0/32/33: head 32, sector 33, cylinder 0.
    expect(chsOf(2048)).toEqual([32, 33, 0]);
    expect(chsOf(0)).toEqual([0, 1, 0]);
    // LBA 16450559 is the last sector of cylinder 1023: c=1023 (0x3ff), h=254, s=63.
    expect(chsOf(1024 * 255 * 63 - 1)).toEqual([254, 0xc0 | 63, 0xff]);
    expect(chsOf(1024 * 255 * 63)).toEqual([0xfe, 0xff, 0xff]);
  });

  it('refuses boot code that does not fit, overlapping partitions and a fifth partition', () => {
    expect(() => buildMbr([], Buffer.alloc(441))).toThrow('at most 440 fit');
    expect(() =>
      buildMbr([
        { type: 0x83, startSector: 2048, sectors: 4096 },
        { type: 0x83, startSector: 4096, sectors: 10 },
      ]),
    ).toThrow('partitions 1 and 2 overlap');
    expect(() =>
      buildMbr(Array.from({ length: 5 }, (_, i) => ({ type: 0x83, startSector: 1 + i * 10, sectors: 5 }))),
    ).toThrow('4 primary partitions');
    expect(() => buildMbr([{ type: 0x83, startSector: 0, sectors: 5 }])).toThrow('does not fit');
  });
});
