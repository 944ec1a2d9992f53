import { createHash } from 'node:crypto';
import { guestIdentity } from '../../src/engine/run.js';
import { guestContexts } from '../../src/engine/session.js';
import type { BootContext } from '../../src/engine/boot-vm.js';
import type { GuestImage } from '../../src/guest/os.js';

const image = (hash: string, canSave: boolean, release = '6.1.0-57-amd64'): GuestImage => ({
  kernelRelease: release,
  kernelSource: `source of ${hash}`,
  contentHash: hash.repeat(64).slice(0, 64),
  canSave,
  bootMedia: () => Promise.reject(new Error('not booted here')),
  awaitingMedia: () => Promise.reject(new Error('not booted here')),
  controlJob: () => '',
});

describe('guestIdentity', () => {
  it('is the one guest image as it is', () => {
    expect(guestIdentity([image('a', true)])).toEqual({
      guestKernel: '6.1.0-57-amd64',
      guestKernelSource: 'source of a',
      guestImage: 'a'.repeat(64),
    });
  });

  it('joins several guests and digests their content hashes, so a change of any changes the testbed', () => {
    const both = guestIdentity([image('a', true), image('b', false, '6.1.0-58-amd64')]);
    expect(both).toEqual({
      guestKernel: '6.1.0-57-amd64, 6.1.0-58-amd64',
      guestKernelSource: 'source of a; source of b',
      guestImage: createHash('sha256')
        .update(`${'a'.repeat(64)}\n${'b'.repeat(64)}\n`)
        .digest('hex'),
    });
    expect(guestIdentity([image('a', true), image('c', false)]).guestImage).not.toBe(both.guestImage);
  });
});

describe('guestContexts', () => {
  it('gives each guest its own image, and saved guests only to an image that can be saved', () => {
    const saved = { store: { dir: '/cache/saved' }, qemuVersion: 'QEMU 7.2', hostCpu: 'emulated (tcg)' };
    const boot = { image: image('a', true), accel: 'tcg', saved, workDir: '/w' } as unknown as BootContext;
    const contexts = guestContexts(boot, { linux: image('a', true), 'debian-12': image('b', false) });
    expect(contexts.linux?.image.contentHash).toBe('a'.repeat(64));
    expect(contexts.linux?.saved).toBe(saved);
    expect(contexts['debian-12']?.image.contentHash).toBe('b'.repeat(64));
    expect(contexts['debian-12']).not.toHaveProperty('saved');
    expect(contexts['debian-12']?.workDir).toBe('/w');
  });
});
