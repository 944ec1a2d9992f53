// A user image as a guest: what its boots start from, prepared or carrying the hook itself.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userImageGuest } from '../../../src/guest/image/os.js';
import { GUEST_CATALOG } from '../../../src/guest/registry.js';
import type { ImageGuest } from '../../../src/model/plan.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-image-os-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const image = (extra: Partial<ImageGuest> = {}): ImageGuest => ({
  name: 'appliance',
  os: 'linux',
  path: '/images/appliance.qcow2',
  format: 'qcow2',
  virtualBytes: 2 ** 31,
  fileBytes: 2 ** 29,
  contentHash: 'f'.repeat(64),
  ...extra,
});

const JOB = {
  nic: 'e1000',
  sysctls: [],
  address: '198.18.0.2/30',
  iperf3Port: 5201,
  mac: '52:54:00:00:00:02',
};

describe('userImageGuest', () => {
  it('boots an image that carries the hook as it is: its own boot loader, a snapshot, the job disk beside it', async () => {
    const guest = userImageGuest(image({ prepare: 'none' }), GUEST_CATALOG);
    const prepared = await guest.prepareImage({ cacheDir: join(dir, 'cache') }, async () => {
      throw new Error('nothing is run to take an image as it is');
    });
    expect(prepared.contentHash).toBe('f'.repeat(64));
    expect(prepared.readyTimeoutMs).toEqual({ kvm: 120_000, tcg: 600_000 });
    const media = await prepared.bootMedia(JOB, join(dir, 'boot-0'));
    expect(media.boot).toEqual({
      kind: 'disk',
      drives: [
        { file: '/images/appliance.qcow2', format: 'qcow2', snapshot: true },
        { file: join(dir, 'boot-0.tar'), format: 'raw', readOnly: true },
      ],
    });
    // The job names the driver's module by name, for the image's own modprobe.
    expect(readFileSync(join(dir, 'boot-0.tar')).toString('latin1')).toContain('module e1000\n');
    expect(guest.bootPreview(0)).toEqual({ kind: 'disk', drives: expect.any(Array) });
  });

  it('prepares nothing for a run that measures nothing: the image named by its hash, never booted', async () => {
    const guest = userImageGuest(image(), GUEST_CATALOG);
    const described = await guest.prepareImage(
      { cacheDir: join(dir, 'cache'), describeOnly: true },
      async () => {
        throw new Error('nothing is run for an image nothing boots');
      },
    );
    expect(described.contentHash).toBe('f'.repeat(64));
    expect(described.kernelSource).toBe(
      `image appliance (sha256 ${'f'.repeat(16)}), not prepared: nothing was measured`,
    );
    await expect(described.bootMedia(JOB, join(dir, 'boot-1'))).rejects.toThrow(
      'was not prepared for this run',
    );
  });

  it('asks for a prepare boot for an image it prepares, and refuses a caller that cannot run one', async () => {
    const guest = userImageGuest(image(), GUEST_CATALOG);
    await expect(
      guest.prepareImage({ cacheDir: join(dir, 'cache') }, async () => ({
        code: 0,
        signal: null,
        stdout: '',
        stderr: '',
      })),
    ).rejects.toThrow('the image appliance needs a prepare boot, which this caller cannot run');
    const preview = guest.bootPreview(1);
    expect(preview.kind === 'disk' && preview.direct?.append).toContain('init=/usr/local/lib/nicgate/init');
  });
});
