// Readers for concatenated newc archives (the initramfs format), for tests that look inside one.

const HEADER_LENGTH = 110;
const FIELDS = [
  'ino',
  'mode',
  'uid',
  'gid',
  'nlink',
  'mtime',
  'filesize',
  'devmajor',
  'devminor',
  'rdevmajor',
  'rdevminor',
  'namesize',
  'check',
] as const;

export interface NewcRecord {
  offset: number;
  fields: Record<(typeof FIELDS)[number], number>;
  name: string;
  data: Buffer;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * A strict reader for one or more concatenated newc archives, the way the kernel walks an
 * initramfs: every header on a 4-byte boundary, each archive ended by TRAILER!!!.
 */
export function readNewc(buffer: Buffer): NewcRecord[][] {
  const archives: NewcRecord[][] = [];
  let current: NewcRecord[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    expect(offset % 4).toBe(0);
    expect(buffer.toString('ascii', offset, offset + 6)).toBe('070701');
    const fields = {} as NewcRecord['fields'];
    FIELDS.forEach((field, i) => {
      const text = buffer.toString('ascii', offset + 6 + i * 8, offset + 14 + i * 8);
      expect(text).toMatch(/^[0-9a-f]{8}$/);
      fields[field] = parseInt(text, 16);
    });
    const nameStart = offset + HEADER_LENGTH;
    const nameBytes = buffer.subarray(nameStart, nameStart + fields.namesize);
    expect(nameBytes[nameBytes.length - 1]).toBe(0);
    const name = nameBytes.subarray(0, -1).toString('utf8');
    const dataStart = align4(nameStart + fields.namesize);
    // Padding is zero bytes.
    expect([...buffer.subarray(nameStart + fields.namesize, dataStart)].every((b) => b === 0)).toBe(true);
    const data = buffer.subarray(dataStart, dataStart + fields.filesize);
    const next = align4(dataStart + fields.filesize);
    expect([...buffer.subarray(dataStart + fields.filesize, next)].every((b) => b === 0)).toBe(true);
    current.push({ offset, fields, name, data });
    offset = next;
    if (name === 'TRAILER!!!') {
      archives.push(current);
      current = [];
    }
  }
  expect(offset).toBe(buffer.length);
  expect(current).toEqual([]);
  return archives;
}

export interface NewcEntry {
  name: string;
  mode: number;
  data: Buffer;
}

/** Every entry of every archive in order, trailers left out; read strictly (see readNewc). */
export function readNewcEntries(buffer: Buffer): NewcEntry[] {
  return readNewc(buffer)
    .flat()
    .filter((record) => record.name !== 'TRAILER!!!')
    .map((record) => ({ name: record.name, mode: record.fields.mode, data: record.data }));
}
