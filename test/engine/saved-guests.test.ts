import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  commitSavedGuest,
  discardSavedGuest,
  findSavedGuest,
  hostCpuIdentity,
  MAX_SAVED_GUESTS,
  recordProblem,
  savedGuestKey,
  savedGuestStore,
  savingPath,
  statePath,
  type SavedGuestStore,
} from '../../src/engine/saved-guests.js';
import {
  SAVED_GUEST_FORMAT,
  type SavedGuestKeyParts,
  type SavedGuestRecord,
} from '../../src/model/saved-guest.js';

const PARTS: SavedGuestKeyParts = {
  format: SAVED_GUEST_FORMAT,
  image: 'a'.repeat(64),
  nic: 'virtio-net-pci',
  memoryMiB: 512,
  cpus: 1,
  qemuVersion: 'QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)',
  accel: 'tcg',
  machine: 'q35',
  cpuModel: 'max',
  hostCpu: 'emulated (tcg)',
};

/** One changed value per part of the key: each must give another key. */
const CHANGED: { [K in keyof SavedGuestKeyParts]: SavedGuestKeyParts[K] | undefined } = {
  format: undefined, // a literal: a new format is a new schema, tested through the record below
  image: 'b'.repeat(64),
  nic: 'e1000',
  memoryMiB: 1024,
  cpus: 2,
  qemuVersion: 'QEMU emulator version 8.2.2',
  accel: 'kvm',
  machine: 'pc',
  cpuModel: 'host',
  hostCpu: 'AMD EPYC 7763 64-Core Processor; flags 0123456789abcdef',
};

let cache: string;
let store: SavedGuestStore;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'nicgate-saved-'));
  store = savedGuestStore(cache);
});
afterEach(() => rmSync(cache, { recursive: true, force: true }));

/** Writes a state of `bytes` through the store's own temporary path and commits it. */
async function save(parts: SavedGuestKeyParts, content = 'state bytes'): Promise<string> {
  const key = savedGuestKey(parts);
  const path = await savingPath(store, key);
  writeFileSync(path, content);
  const sha256 = createHash('sha256').update(content).digest('hex');
  await commitSavedGuest(store, parts, { path, bytes: Buffer.byteLength(content), sha256 });
  return key;
}

/** A store that has checked nothing yet: a later process reading the same cache. */
const freshStore = (): SavedGuestStore => savedGuestStore(cache);

describe('savedGuestKey', () => {
  it('is 32 hex digits and the same for the same parts in any order', () => {
    const key = savedGuestKey(PARTS);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const reversed = Object.fromEntries(Object.entries(PARTS).reverse()) as SavedGuestKeyParts;
    expect(savedGuestKey(reversed)).toBe(key);
  });

  it.each(Object.entries(CHANGED).filter(([, value]) => value !== undefined))(
    'changes when %s changes',
    (name, value) => {
      expect(savedGuestKey({ ...PARTS, [name]: value } as SavedGuestKeyParts)).not.toBe(savedGuestKey(PARTS));
    },
  );
});

describe('recordProblem', () => {
  const record = (over: Partial<SavedGuestRecord> = {}): SavedGuestRecord => ({
    key: savedGuestKey(PARTS),
    parts: PARTS,
    stateBytes: 10,
    stateSha256: 'c'.repeat(64),
    savedAt: '2026-12-03T12:00:00.000Z',
    ...over,
  });

  it('accepts a record of exactly these parts', () => {
    expect(recordProblem(record(), savedGuestKey(PARTS), PARTS)).toBeUndefined();
  });

  it('refuses a record stored under another key', () => {
    expect(recordProblem(record({ key: 'd'.repeat(32) }), savedGuestKey(PARTS), PARTS)).toBe(
      `its record names key ${'d'.repeat(32)}`,
    );
  });

  it('names the part that differs, with both values', () => {
    const other = { ...PARTS, qemuVersion: 'QEMU emulator version 8.2.2' };
    expect(recordProblem(record({ parts: other }), savedGuestKey(PARTS), PARTS)).toBe(
      'it was saved with qemuVersion "QEMU emulator version 8.2.2", not "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)"',
    );
  });
});

describe('findSavedGuest', () => {
  it('finds nothing in an empty cache', async () => {
    expect(await findSavedGuest(store, PARTS)).toEqual({ status: 'none', key: savedGuestKey(PARTS) });
  });

  it('finds a committed state, for this process and for a later one', async () => {
    const key = await save(PARTS);
    const found = { status: 'found', key, stateFile: statePath(store, key) };
    expect(await findSavedGuest(store, PARTS)).toEqual(found);
    expect(await findSavedGuest(freshStore(), PARTS)).toEqual(found);
    expect(await readFile(statePath(store, key), 'utf8')).toBe('state bytes');
  });

  it('never finds a state saved with another part', async () => {
    await save(PARTS);
    for (const [name, value] of Object.entries(CHANGED)) {
      if (value === undefined) continue;
      const other = { ...PARTS, [name]: value } as SavedGuestKeyParts;
      expect((await findSavedGuest(freshStore(), other)).status).toBe('none');
    }
  });

  it('refuses a record that does not parse', async () => {
    const key = await save(PARTS);
    writeFileSync(join(store.dir, `${key}.json`), '{"key": "not json');
    const found = await findSavedGuest(freshStore(), PARTS);
    expect(found).toMatchObject({ status: 'unusable', key });
    expect(found.status === 'unusable' && found.reason).toMatch(/^its record does not parse/);
  });

  it('refuses a record of the wrong shape (a planted field)', async () => {
    const key = await save(PARTS);
    const path = join(store.dir, `${key}.json`);
    const record = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...record, run: 'sh -c evil' }));
    expect((await findSavedGuest(freshStore(), PARTS)).status).toBe('unusable');
  });

  it('refuses a record copied under the key of other parts (a mismatched saved state)', async () => {
    const otherParts = { ...PARTS, qemuVersion: 'QEMU emulator version 8.2.2' };
    const otherKey = await save(otherParts);
    const key = savedGuestKey(PARTS);
    // What a stale cache entry or a hand copy would leave: another QEMU's state under this key.
    writeFileSync(join(store.dir, `${key}.json`), await readFile(join(store.dir, `${otherKey}.json`)));
    writeFileSync(statePath(store, key), await readFile(statePath(store, otherKey)));
    expect(await findSavedGuest(freshStore(), PARTS)).toEqual({
      status: 'unusable',
      key,
      reason: `its record names key ${otherKey}`,
    });
  });

  it('refuses a state file of another size (a torn copy)', async () => {
    const key = await save(PARTS);
    writeFileSync(statePath(store, key), 'state');
    expect(await findSavedGuest(freshStore(), PARTS)).toEqual({
      status: 'unusable',
      key,
      reason: 'its state file has 5 bytes, the record says 11',
    });
  });

  it('refuses a missing state file', async () => {
    const key = await save(PARTS);
    rmSync(statePath(store, key));
    expect(await findSavedGuest(freshStore(), PARTS)).toMatchObject({
      status: 'unusable',
      reason: 'its state file has -1 bytes, the record says 11',
    });
  });

  it('refuses a state file of the right size whose digest differs (a corrupt state)', async () => {
    const key = await save(PARTS);
    writeFileSync(statePath(store, key), 'STATE BYTES');
    expect(await findSavedGuest(freshStore(), PARTS)).toEqual({
      status: 'unusable',
      key,
      reason: 'its state file does not match the digest in its record',
    });
  });
});

describe('discardSavedGuest and the store', () => {
  it('removes the state and its record', async () => {
    const key = await save(PARTS);
    await discardSavedGuest(store, key);
    expect(readdirSync(store.dir)).toEqual([]);
    expect((await findSavedGuest(store, PARTS)).status).toBe('none');
  });

  it('writes a state under a temporary name first and removes temporaries a killed save left', async () => {
    const key = savedGuestKey(PARTS);
    const path = await savingPath(store, key);
    expect(path.startsWith(join(store.dir, `.${key}.state.${process.pid}-`))).toBe(true);
    // A process id above Linux's largest (2^22): the save that wrote it is gone.
    const stale = join(store.dir, `.${key}.state.4194999-0badcafe.tmp`);
    writeFileSync(stale, 'half a state');
    await savingPath(store, key);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(statePath(store, key))).toBe(false);
  });

  it(`keeps the ${MAX_SAVED_GUESTS} newest states`, async () => {
    const keys: string[] = [];
    for (let memoryMiB = 100; memoryMiB < 100 + MAX_SAVED_GUESTS + 2; memoryMiB += 1) {
      const key = await save({ ...PARTS, memoryMiB });
      const past = new Date(Date.now() - (200 - memoryMiB) * 1000);
      utimesSync(join(store.dir, `${key}.json`), past, past);
      keys.push(key);
    }
    const left = readdirSync(store.dir)
      .filter((name) => /^[0-9a-f]{32}\.json$/.test(name))
      .map((name) => name.slice(0, 32))
      .sort();
    expect(left).toHaveLength(MAX_SAVED_GUESTS);
    expect(left).toEqual(keys.slice(-MAX_SAVED_GUESTS).sort());
    expect(readdirSync(store.dir).filter((name) => name.endsWith('.state'))).toHaveLength(MAX_SAVED_GUESTS);
  });

  it('ignores files that are not saved guests', async () => {
    mkdirSync(store.dir, { recursive: true });
    writeFileSync(join(store.dir, 'notes.txt'), 'x');
    await save(PARTS);
    expect(readdirSync(store.dir).sort()).toContain('notes.txt');
  });
});

describe('hostCpuIdentity', () => {
  const cpuinfo = (model: string, flags: string): string =>
    `processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: ${model}\nflags\t\t: ${flags}\n\nprocessor\t: 1\nmodel name\t: ${model}\nflags\t\t: ${flags}\n`;

  it('is one fixed value under TCG, whatever the host', () => {
    expect(hostCpuIdentity('tcg', cpuinfo('AMD EPYC 7763', 'fpu sse2'))).toBe('emulated (tcg)');
    expect(hostCpuIdentity('tcg', '')).toBe('emulated (tcg)');
  });

  it('names the model and digests the flags under KVM, where the guest sees the host CPU', () => {
    const epyc = hostCpuIdentity('kvm', cpuinfo('AMD EPYC 7763 64-Core Processor', 'fpu sse2 avx2'));
    expect(epyc).toMatch(/^AMD EPYC 7763 64-Core Processor; flags [0-9a-f]{16}$/);
    // Same model, one flag less (another microcode or hypervisor): another key.
    expect(hostCpuIdentity('kvm', cpuinfo('AMD EPYC 7763 64-Core Processor', 'fpu sse2'))).not.toBe(epyc);
    expect(hostCpuIdentity('kvm', cpuinfo('Intel(R) Xeon(R) Platinum 8370C', 'fpu sse2 avx2'))).not.toBe(
      epyc,
    );
  });
});
