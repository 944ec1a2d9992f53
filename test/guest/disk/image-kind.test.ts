import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IMAGE_HEAD_BYTES, imageKind } from '../../../src/guest/disk/image-kind.js';
import { requiredTool } from '../../host/required-tool.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-image-kind-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function qemuImg(...args: string[]): void {
  execFileSync(requiredTool('qemu-img'), args, { stdio: 'ignore' });
}

/** The kind of the file at `name`, as the planner reads it. */
function kindOf(name: string): ReturnType<typeof imageKind> {
  const bytes = readFileSync(join(dir, name));
  return imageKind(bytes.subarray(0, IMAGE_HEAD_BYTES), bytes.length);
}

function sector(offset: number, bytes: readonly number[] | Buffer, size = 1024): Buffer {
  const buffer = Buffer.alloc(size);
  Buffer.from(bytes).copy(buffer, offset);
  return buffer;
}

describe('imageKind', () => {
  it('reads a qcow2 image made by qemu-img: its format and virtual size from the header', () => {
    qemuImg('create', '-q', '-f', 'qcow2', join(dir, 'disk.qcow2'), '3G');
    expect(kindOf('disk.qcow2')).toEqual({ format: 'qcow2', virtualBytes: 3 * 1024 ** 3 });
  });

  it('refuses a qcow2 image with a backing file: QEMU would open that host file', () => {
    qemuImg('create', '-q', '-f', 'raw', join(dir, 'base.raw'), '1M');
    qemuImg(
      'create',
      '-q',
      '-f',
      'qcow2',
      '-F',
      'raw',
      '-b',
      join(dir, 'base.raw'),
      join(dir, 'overlay.qcow2'),
    );
    const kind = kindOf('overlay.qcow2');
    expect(kind).toEqual({
      refusal: expect.stringContaining(`with the backing file "${join(dir, 'base.raw')}"`),
    });
  });

  it('refuses a qcow2 image whose data lies in another file', () => {
    qemuImg(
      'create',
      '-q',
      '-f',
      'qcow2',
      '-o',
      `data_file=${join(dir, 'data.raw')}`,
      join(dir, 'external.qcow2'),
      '1M',
    );
    expect(kindOf('external.qcow2')).toEqual({
      refusal: expect.stringContaining(`whose data lies in another file ("${join(dir, 'data.raw')}")`),
    });
  });

  it('takes a raw disk only with an MBR boot signature at 510 or a GPT header at 512', () => {
    writeFileSync(join(dir, 'mbr.img'), sector(510, [0x55, 0xaa]));
    writeFileSync(join(dir, 'gpt.img'), sector(512, Buffer.from('EFI PART')));
    writeFileSync(join(dir, 'zeros.img'), Buffer.alloc(1024));
    expect(kindOf('mbr.img')).toEqual({ format: 'raw', virtualBytes: 1024 });
    expect(kindOf('gpt.img')).toEqual({ format: 'raw', virtualBytes: 1024 });
    expect(kindOf('zeros.img')).toEqual({
      refusal:
        'starts with 00 00 00 00 00 00 00 00: not a disk image (no qcow2 header, no MBR boot signature at 510, no GPT header at 512)',
    });
  });

  it('says what a file that is no disk image looks like: gzip, ELF, text, empty', () => {
    qemuImg('create', '-q', '-f', 'qcow2', join(dir, 'packed.qcow2'), '1G');
    writeFileSync(join(dir, 'packed.qcow2.gz'), gzipSync(readFileSync(join(dir, 'packed.qcow2'))));
    writeFileSync(join(dir, 'program'), readFileSync(process.execPath).subarray(0, 4096));
    writeFileSync(join(dir, 'notes.txt'), 'this is not a disk\n');
    writeFileSync(join(dir, 'empty.img'), '');
    expect(kindOf('packed.qcow2.gz')).toEqual({
      refusal: 'starts with a gzip header (1f 8b): not a disk image; decompress it first',
    });
    expect(kindOf('program')).toEqual({
      refusal: 'starts with ELF (a program or a kernel): not a disk image',
    });
    expect(kindOf('notes.txt')).toEqual({ refusal: 'is plain text: not a disk image' });
    expect(kindOf('empty.img')).toEqual({ refusal: 'is empty: not a disk image' });
  });
});
