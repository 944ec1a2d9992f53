// The Debian guest's prepared overlay: a cached overlay is reused only when its header names the
// disk beside it (a planted entry whose digest matches its own record is not enough), and every
// boot pins the backing file on QEMU's command line. Real qcow2 images made by qemu-img.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonFile } from '../../../src/common/atomic-file.js';
import { fileDigest } from '../../../src/guest/checked-files.js';
import { debianBootMedia } from '../../../src/guest/debian/os.js';
import { preparedOverlayFor } from '../../../src/guest/debian/prepared.js';
import { parseQcow2Header } from '../../../src/guest/disk/image-header.js';
import { PREPARE_COMMANDS } from '../../../src/guest/disk/prepare.js';
import { preparedOverlay } from '../../../src/model/prepared-overlay.js';
import { fakeExec, fakeSpawn, type FakeChild } from '../../proc/fakes.js';
import { requiredTool } from '../../host/required-tool.js';

let dir: string;
const install = Buffer.from('an install archive');
/** What preparedOverlayFor names the overlay for `install`: prepared-<sha256 of it, 16 digits>. */
const overlayName = 'prepared-2a06d7e5ca5ab363.qcow2';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-debian-os-'));
  writeFileSync(join(dir, 'disk.raw'), Buffer.alloc(1024 * 1024, 0xab));
  writeFileSync(join(dir, 'secret.txt'), 'root:$y$j9T$not-for-a-guest:19000:0:99999:7:::\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const disk = () => ({
  diskPath: join(dir, 'disk.raw'),
  hash: 'a'.repeat(64),
  kernelRelease: '6.1.0-test-amd64',
  source: 'test',
  moduleOrder: {},
});

/** Prepare as it runs, but the guest is a stand-in: qemu-img is the real one. */
function prepareHost() {
  let guestChild: FakeChild | undefined;
  const exec = fakeExec((argv) => {
    if (argv[0] === 'qemu-img')
      execFileSync(requiredTool('qemu-img'), argv.slice(1), { cwd: dir, stdio: 'pipe' });
    if (argv[0] === 'ssh' && argv.at(-1) === PREPARE_COMMANDS.powerOff)
      queueMicrotask(() => guestChild?.exit({ code: 0, signal: null }));
    return {};
  });
  const spawn = fakeSpawn((child) => {
    guestChild = child;
    child.print('NICGATE:sshd:22');
  });
  const host = {
    accel: 'tcg' as const,
    spawn,
    consoleLog: join(dir, 'console.log'),
    track: () => undefined,
    untrack: () => undefined,
  };
  return { exec, spawn, host };
}

describe('preparedOverlayFor', () => {
  it('reuses an overlay whose record and header check out, without booting', async () => {
    const h = prepareHost();
    const overlay = await preparedOverlayFor(disk(), install, h.host, h.exec);
    expect(overlay).toBe(join(dir, overlayName));
    expect(h.spawn.children).toHaveLength(1);
    expect(await preparedOverlayFor(disk(), install, h.host, h.exec)).toBe(overlay);
    expect(h.spawn.children).toHaveLength(1);
  });

  it('prepares anew over a planted overlay naming a host file as its backing file, though its record matches it', async () => {
    const overlay = join(dir, overlayName);
    execFileSync(requiredTool('qemu-img'), [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-u',
      '-b',
      join(dir, 'secret.txt'),
      '-F',
      'raw',
      overlay,
      '1M',
    ]);
    // The planted entry is consistent with itself: its record names its own digest.
    await writeJsonFile(`${overlay}.json`, preparedOverlay(await fileDigest(overlay)));
    const h = prepareHost();
    const warnings: string[] = [];
    const host = { ...h.host, warn: (w: string) => warnings.push(w) };
    expect(await preparedOverlayFor(disk(), install, host, h.exec)).toBe(overlay);
    expect(h.spawn.children).toHaveLength(1);
    expect(parseQcow2Header(readFileSync(overlay)).backingFile).toBe('disk.raw');
    expect(warnings.join('\n')).toMatch(/names the backing file ".*secret\.txt", not "disk\.raw"; refused/);
  });

  it('prepares anew over a planted overlay naming an external data file', async () => {
    const overlay = join(dir, overlayName);
    execFileSync(
      requiredTool('qemu-img'),
      [
        'create',
        '-q',
        '-f',
        'qcow2',
        '-u',
        '-b',
        'disk.raw',
        '-F',
        'raw',
        '-o',
        `data_file=${join(dir, 'secret.txt')}`,
        overlay,
        '1M',
      ],
      { cwd: dir },
    );
    await writeJsonFile(`${overlay}.json`, preparedOverlay(await fileDigest(overlay)));
    const h = prepareHost();
    await preparedOverlayFor(disk(), install, h.host, h.exec);
    expect(h.spawn.children).toHaveLength(1);
    expect(parseQcow2Header(readFileSync(overlay)).externalDataFile).toBe(false);
  });
});

describe('debianBootMedia', () => {
  const job = {
    nic: 'e1000',
    sysctls: [],
    address: '198.18.0.2/30',
    iperf3Port: 5201,
    mac: '52:54:00:00:00:02',
  };

  it("pins the prepared overlay's backing file to the disk beside it", async () => {
    const h = prepareHost();
    const overlay = await preparedOverlayFor(disk(), install, h.host, h.exec);
    const media = await debianBootMedia(overlay, disk(), job, join(dir, 'boot-0'));
    expect(media.boot).toEqual({
      kind: 'disk',
      drives: [
        {
          file: overlay,
          format: 'qcow2',
          snapshot: true,
          backing: { file: join(dir, 'disk.raw'), format: 'raw' },
        },
        { file: join(dir, 'boot-0.tar'), format: 'raw', readOnly: true },
      ],
    });
  });

  it('refuses to boot an overlay whose header changed since it was checked', async () => {
    const overlay = join(dir, overlayName);
    execFileSync(requiredTool('qemu-img'), [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-u',
      '-b',
      join(dir, 'secret.txt'),
      '-F',
      'raw',
      overlay,
      '1M',
    ]);
    await expect(debianBootMedia(overlay, disk(), job, join(dir, 'boot-0'))).rejects.toThrow(
      /names the backing file ".*secret\.txt", not "disk\.raw"; refused/,
    );
  });
});
