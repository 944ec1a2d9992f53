// The guest cache through the real @actions/cache (tar, zstd or gzip, HTTP) against the in-memory
// cache service of test/baseline: a first job misses and saves, a later one restores the image
// byte for byte and builds nothing, partial files never travel, a tampered image is rebuilt, and
// a failing service is a warning.
import * as cache from '@actions/cache';
import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import {
  guestCacheDir,
  guestCacheStage,
  restoreGuestCache,
  saveGuestCache,
  type CacheClient,
  type GuestCacheIo,
} from '../../src/action/guest-cache.js';
import { guestCacheKeys } from '../../src/action/guest-cache-key.js';
import { guestCacheSummaryLine } from '../../src/action/guest-cache-summary.js';
import { buildLinuxGuest, imageFolderNames, imageFolderProblem } from '../../src/guest/linux/image.js';
import { distroKernel, type KernelTree } from '../../src/guest/linux/kernel.js';
import type { LinuxBuildHost } from '../../src/guest/linux/host.js';
import { savedGuestKey } from '../../src/engine/saved-guests.js';
import { startFakeCacheService, type FakeCacheService } from '../baseline/fake-cache-service.js';
import { fakeExec } from '../proc/fakes.js';
import { STAMPS_SUFFIX } from '../../src/guest/checked-files.js';
import { completeEntries } from '../../src/action/guest-cache-entries.js';
import { diskFolderProblem } from '../../src/guest/debian/disk-folder.js';
import { diskImageMeta } from '../../src/model/disk-image.js';
import { preparedOverlay } from '../../src/model/prepared-overlay.js';
import { SEAL_SUFFIX, writeSavedGuestSeal } from '../../src/action/guest-cache-seal.js';

jest.setTimeout(60_000);

const ENV_NAMES = [
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
  'RUNNER_DEBUG',
] as const;

const KEYS = guestCacheKeys({
  runnerOs: 'Linux',
  runnerArch: 'X64',
  qemuVersion: 'QEMU emulator version 8.2.2',
  nicgateVersion: '0.1.0',
  inputs: {
    kernel: { kind: 'distro' },
    accel: 'auto',
    guests: ['linux'],
    nics: ['e1000'],
    guestStart: 'restore',
  },
});
const RELEASE = '6.1.0-test';
const PACKAGES = `linux-image-${RELEASE}`;
const MODULES_DEP = 'kernel/drivers/net/ethernet/intel/e1000/e1000.ko:\nkernel/net/ipv4/tcp_bbr.ko:';
/** The .deb an unpacked tree keeps, and its digest as the (scripted) apt index gives it. */
const DEB = 'a kernel package';
const DEB_SHA256 = createHash('sha256').update(DEB).digest('hex');

let saved: Partial<Record<(typeof ENV_NAMES)[number], string>>;
let root: string;
let workDir: string;
let service: FakeCacheService;
let output: string[];
let warnings: string[];

function write(path: string, data: string | Buffer): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

const SECRET = 'the repository secret for saved guests';

/** `sealed`: the job holds guest-cache-secret and may seal (a push); `verify`: holds it, may not seal. */
const io = (client: CacheClient = cache, savedGuests?: 'sealed' | 'verify'): GuestCacheIo => ({
  cache: client,
  warn: (message) => warnings.push(message),
  info: () => undefined,
  ...(savedGuests ? { savedGuests: { secret: SECRET, seal: savedGuests === 'sealed' } } : {}),
});

/** Every file under `dir`, relative, with its sha256. */
/** Every file under `dir` by its digest; stamps of checks made on this machine are not content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      if (name.endsWith(STAMPS_SUFFIX)) continue;
      const full = join(path, name);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else
        files[relative(dir, full)] = stat.isSymbolicLink()
          ? 'link'
          : createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

/** The fake host of test/guest/linux/image.test.ts: ldd answers, tools live outside the work dir. */
function host(): LinuxBuildHost & { exec: ReturnType<typeof fakeExec> } {
  const lib = join(root, 'lib', 'libiperf.so.0');
  const exec = fakeExec((argv) => {
    if (argv[0] === 'apt-cache' && argv[1] === 'show')
      return { stdout: `Package: ${PACKAGES}\nSHA256: ${DEB_SHA256}\n` };
    if (argv[0] === 'apt-cache') return { stdout: `${argv[2]}\n  Depends: ${PACKAGES}\n` };
    // The kept .deb's md5sums: this test reads no file of the tree through distroKernel.
    if (argv[0] === 'dpkg-deb' && argv[1] === '--info') return { stdout: '' };
    if (argv[0] !== 'ldd') return new Error(`a warm cache must not run ${argv.join(' ')}`);
    if (argv[1]!.endsWith('/busybox')) return { code: 1, stdout: '\tnot a dynamic executable\n' };
    return { stdout: `\tlibiperf.so.0 => ${lib} (0x00007f00)\n` };
  });
  return { exec, findTool: async (name) => join(root, 'bin', name) };
}

/** The distro kernel tree as kernel.ts leaves it once unpacked. */
function kernelTree(cacheDir: string): KernelTree {
  const treeDir = join(cacheDir, 'kernel', PACKAGES);
  return {
    image: join(treeDir, 'boot', `vmlinuz-${RELEASE}`),
    modulesDir: join(treeDir, 'lib/modules', RELEASE),
    release: RELEASE,
    source: `${PACKAGES} 1.0`,
  };
}

/** A work dir after a job: the kernel, one image, one saved guest, and what a killed job leaves. */
async function firstJob(): Promise<{ imageDir: string }> {
  const cacheDir = guestCacheDir(workDir);
  const treeDir = join(cacheDir, 'kernel', PACKAGES);
  write(join(treeDir, 'boot', `vmlinuz-${RELEASE}`), 'not a bzImage');
  write(join(treeDir, 'lib/modules', RELEASE, 'modules.dep'), MODULES_DEP);
  for (const line of MODULES_DEP.split('\n'))
    write(join(treeDir, 'lib/modules', RELEASE, line.slice(0, -1)), `module ${line}`);
  write(join(treeDir, '.source'), `${PACKAGES} 1.0`);
  write(join(treeDir, '.debs', `${PACKAGES}.deb`), DEB);
  write(join(treeDir, '.complete'), '');
  // A link inside the tree travels; one out of it does not.
  symlinkSync(`vmlinuz-${RELEASE}`, join(treeDir, 'boot', 'vmlinuz'));
  symlinkSync('/etc/passwd', join(treeDir, 'boot', 'outside'));
  const image = await buildLinuxGuest(kernelTree(cacheDir), cacheDir, host());

  const parts = {
    format: 1 as const,
    image: image.hash,
    nic: 'e1000',
    memoryMiB: 512,
    cpus: 1,
    qemuVersion: 'QEMU emulator version 8.2.2',
    accel: 'kvm' as const,
    machine: 'pc',
    cpuModel: 'host',
    hostCpu: 'Test CPU',
  };
  const key = savedGuestKey(parts);
  const state = Buffer.from('migration stream '.repeat(100));
  write(join(cacheDir, 'saved', `${key}.state`), state);
  write(
    join(cacheDir, 'saved', `${key}.json`),
    JSON.stringify({
      key,
      parts,
      stateBytes: state.length,
      stateSha256: createHash('sha256').update(state).digest('hex'),
      savedAt: '2025-01-01T00:00:00.000Z',
    }),
  );
  // Left by a job that was killed: none of it may travel.
  write(join(cacheDir, `linux-${'f'.repeat(16)}.partial-4242`, 'vmlinuz'), 'half a kernel');
  write(join(cacheDir, 'saved', `.${key}.state.4242-0a0b0c0d.tmp`), 'half a state');
  write(join(cacheDir, 'saved', `${'e'.repeat(32)}.json`), '{"record without its state": true}');
  write(join(cacheDir, 'kernel', 'download', `${PACKAGES}.deb`), 'half a download');
  write(join(cacheDir, 'kernel', 'linux-image-7.0-unfinished', 'boot', 'vmlinuz-7.0'), 'no .complete');
  return { imageDir: join(cacheDir, `linux-${image.hash.slice(0, 16)}`) };
}

beforeEach(async () => {
  saved = {};
  for (const name of ENV_NAMES) saved[name] = process.env[name];
  for (const name of ENV_NAMES) delete process.env[name];
  root = mkdtempSync(join(tmpdir(), 'nicgate-guest-cache-'));
  workDir = join(root, 'work');
  mkdirSync(join(root, 'runner-temp'));
  for (const tool of ['busybox', 'iperf3', 'ip', 'tc']) write(join(root, 'bin', tool), `${tool} binary`);
  write(join(root, 'lib', 'libiperf.so.0'), 'library');
  process.env['GITHUB_WORKSPACE'] = root;
  process.env['RUNNER_TEMP'] = join(root, 'runner-temp');
  service = await startFakeCacheService();
  process.env['ACTIONS_RUNTIME_TOKEN'] = service.token;
  warnings = [];
  output = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await service.close();
  rmSync(root, { recursive: true, force: true });
  for (const name of ENV_NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe.each([
  ['legacy REST (v1)', 'v1'],
  ['Twirp (v2)', 'v2'],
])('the guest cache with the %s cache service', (_, protocol) => {
  beforeEach(() => {
    if (protocol === 'v1') {
      process.env['ACTIONS_CACHE_URL'] = service.url;
    } else {
      process.env['ACTIONS_CACHE_SERVICE_V2'] = 'true';
      process.env['ACTIONS_RESULTS_URL'] = service.url;
    }
  });

  it('misses and saves on the first job; the next job restores it byte for byte and builds nothing', async () => {
    const first = await restoreGuestCache(workDir, KEYS, io(cache, 'sealed'));
    expect(first).toEqual({ status: 'miss', keys: KEYS, restored: [] });
    const { imageDir } = await firstJob();
    const built = tree(imageDir);
    const firstSave = await saveGuestCache(workDir, first, io(cache, 'sealed'));
    expect(firstSave.save).toEqual({ status: 'saved', key: expect.stringMatching(/^nicgate-guests-v1-/) });
    const key = firstSave.save.status === 'saved' ? firstSave.save.key : '';
    expect(key.startsWith(KEYS.inputsPrefix)).toBe(true);
    expect(firstSave.entries.map((e) => e.kind)).toEqual(['kernel', 'image', 'saved']);
    expect(service.entries.map((e) => [e.key, e.committed])).toEqual([[key, true]]);
    expect(existsSync(guestCacheStage(workDir))).toBe(false);
    expect(guestCacheSummaryLine({ restore: first, ...firstSave })).toBe(
      `**Guest cache:** guest image: built in this job · saved guests: 1 saved in this job · entry saved as key \`${key}\``,
    );

    // What went over the wire, as the library extracts it: complete entries only.
    const stage = guestCacheStage(workDir);
    expect(await cache.restoreCache([stage], key)).toBe(key);
    const archived = Object.keys(tree(stage));
    expect(archived.filter((path) => /partial|\.tmp$|download|unfinished|e{32}|outside/.test(path))).toEqual(
      [],
    );
    expect(archived).toContain(`kernel/${PACKAGES}/.complete`);
    expect(archived.filter((path) => path.startsWith('saved/')).map((path) => path.slice(38))).toEqual([
      '.json',
      '.seal.json',
      '.state',
    ]);
    rmSync(stage, { recursive: true, force: true });

    // A fresh runner: the same work dir path (the cache version hashes it), nothing in it.
    const before = tree(guestCacheDir(workDir));
    rmSync(workDir, { recursive: true, force: true });
    const second = await restoreGuestCache(workDir, KEYS, io(cache, 'sealed'));
    expect(second).toMatchObject({ status: 'hit', matchedKey: key });
    expect(second.restored.map((e) => e.kind)).toEqual(['kernel', 'image', 'saved']);
    expect(tree(imageDir)).toEqual(built);
    expect(await imageFolderProblem(imageDir)).toBeUndefined();
    // Everything complete came back, nothing partial did, and no link out of its entry.
    const after = tree(guestCacheDir(workDir));
    const complete = Object.keys(before).filter(
      (path) => !/\.partial-|\.tmp$|kernel\/download|unfinished|e{32}\.json|boot\/outside/.test(path),
    );
    expect(Object.keys(after).sort()).toEqual(complete.sort());
    for (const path of complete) expect([path, after[path]]).toEqual([path, before[path]]);

    // A warm job: the kernel is not downloaded and the image is not built again.
    const cacheDir = guestCacheDir(workDir);
    const marker = statSync(join(imageDir, 'image.json')).ino;
    const warm = host();
    const image = await buildLinuxGuest(kernelTree(cacheDir), cacheDir, warm);
    expect(image.initramfsPath).toBe(join(imageDir, 'initramfs.cpio'));
    expect(statSync(join(imageDir, 'image.json')).ino).toBe(marker);
    expect(warm.exec.calls.map((call) => call.argv[0]).filter((tool) => tool !== 'ldd')).toEqual([]);
    expect(readdirSync(cacheDir).filter((name) => name.includes('.partial-'))).toEqual([]);
    // distroKernel finds the restored tree complete: apt-cache only, no apt-get download.
    const kernel = await distroKernel(cacheDir, warm, async () => 'ID=debian\n');
    expect(kernel.image).toBe(kernelTree(cacheDir).image);
    expect(warm.exec.calls.map((call) => call.argv.slice(0, 2).join(' '))).not.toContain('apt-get download');

    const secondSave = await saveGuestCache(workDir, second, io(cache, 'sealed'));
    expect(secondSave.save).toEqual({ status: 'unchanged', message: `key ${key} holds these already` });
    expect(service.entries).toHaveLength(1);
    expect(guestCacheSummaryLine({ restore: second, ...secondSave, guestImage: image.hash })).toBe(
      `**Guest cache:** guest image: from cache (key \`${key}\`) · saved guests: 1 from cache · entry unchanged`,
    );
    expect(warnings).toEqual([]);
  });

  it('carries no saved guest without guest-cache-secret, and adopts none from an entry (a planted one consistent with its own record)', async () => {
    await firstJob();
    const miss = await restoreGuestCache(workDir, KEYS, io());
    const outcome = await saveGuestCache(workDir, miss, io());
    expect(outcome.save.status).toBe('saved');
    // The job's own saved guest stays on this runner; it is not in the entry.
    expect(outcome.entries.map((e) => e.kind)).toEqual(['kernel', 'image', 'saved']);
    const key = outcome.save.status === 'saved' ? outcome.save.key : '';
    const stage = guestCacheStage(workDir);
    expect(await cache.restoreCache([stage], key)).toBe(key);
    expect(Object.keys(tree(stage)).filter((path) => path.startsWith('saved/'))).toEqual([]);
    rmSync(stage, { recursive: true, force: true });

    // A planted entry: a saved guest whose record names its state's size and digest.
    const saved = join(guestCacheDir(workDir), 'saved');
    mkdirSync(join(stage, 'saved'), { recursive: true });
    for (const name of readdirSync(saved).filter(
      (n) => /^[0-9a-f]{32}\.(state|json)$/.test(n) && !n.startsWith('e'.repeat(32)),
    ))
      writeFileSync(join(stage, 'saved', name), readFileSync(join(saved, name)));
    expect(await cache.saveCache([stage], `${KEYS.inputsPrefix}zz-planted`)).toBeGreaterThan(0);
    rmSync(workDir, { recursive: true, force: true });

    const restore = await restoreGuestCache(workDir, KEYS, io());
    expect(restore).toMatchObject({ status: 'hit', matchedKey: `${KEYS.inputsPrefix}zz-planted` });
    expect(restore.restored).toEqual([]);
    expect(existsSync(saved) ? readdirSync(saved) : []).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^nicgate: the guest cache entry's saved\/[0-9a-f]{32}\.state is not used: .*guest-cache-secret/,
      ),
    ]);
  });

  it('with guest-cache-secret: a trusted job seals, a pull request verifies and restores but seals none; a planted or changed one is refused', async () => {
    await firstJob();
    const miss = await restoreGuestCache(workDir, KEYS, io(cache, 'sealed'));
    const sealed = await saveGuestCache(workDir, miss, io(cache, 'sealed'));
    expect(sealed.save.status).toBe('saved');
    rmSync(workDir, { recursive: true, force: true });

    // A pull request's job: the secret, but no sealing. It restores the sealed saved guest.
    const restored = await restoreGuestCache(workDir, KEYS, io(cache, 'verify'));
    expect(restored.restored.map((e) => e.kind)).toEqual(['kernel', 'image', 'saved']);
    const saved = join(guestCacheDir(workDir), 'saved');
    // The seal stays in the stage: the cache folder holds the state and record only.
    expect(readdirSync(saved).filter((n) => n.endsWith(SEAL_SUFFIX))).toEqual([]);
    // It saves nothing it made itself: its entry (another key, without the saved guest) has none.
    const mine = join(saved, `${'c'.repeat(32)}.state`);
    writeFileSync(mine, 'a state this job saved');
    const prSave = await saveGuestCache(workDir, restored, io(cache, 'verify'));
    expect(prSave.save.status).toBe('saved');
    const stage = guestCacheStage(workDir);
    const prKey = prSave.save.status === 'saved' ? prSave.save.key : '';
    expect(await cache.restoreCache([stage], prKey)).toBe(prKey);
    expect(Object.keys(tree(stage)).filter((path) => path.startsWith('saved/'))).toEqual([]);
    rmSync(stage, { recursive: true, force: true });

    // Planted: the same saved guest, sealed with another secret; then one changed after sealing.
    const name = readdirSync(saved).find(
      (n) => /^[0-9a-f]{32}\.state$/.test(n) && n !== `${'c'.repeat(32)}.state`,
    )!;
    const savedKey = name.slice(0, 32);
    mkdirSync(join(stage, 'saved'), { recursive: true });
    for (const file of [`${savedKey}.state`, `${savedKey}.json`])
      writeFileSync(join(stage, 'saved', file), readFileSync(join(saved, file)));
    await writeSavedGuestSeal(join(stage, 'saved'), savedKey, 'an attacker has another secret');
    expect(await cache.saveCache([stage], `${KEYS.inputsPrefix}zz-planted-1`)).toBeGreaterThan(0);
    rmSync(workDir, { recursive: true, force: true });
    const planted = await restoreGuestCache(workDir, KEYS, io(cache, 'verify'));
    expect(planted.matchedKey).toBe(`${KEYS.inputsPrefix}zz-planted-1`);
    expect(existsSync(join(saved, `${savedKey}.state`))).toBe(false);
    expect(warnings.at(-1)).toMatch(/saved\/[0-9a-f]{32}\.state is not used: its seal does not match/);
  });

  it('carries a Debian disk and its prepared overlay, never a half-prepared one, and the engine checks them again', async () => {
    const first = await restoreGuestCache(workDir, KEYS, io());
    const cacheDir = guestCacheDir(workDir);
    const hash = 'd'.repeat(64);
    const folder = join(cacheDir, `debian-12-${hash.slice(0, 16)}`);
    const disk = Buffer.from('a disk image '.repeat(200));
    const digest = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
    write(join(folder, 'disk.raw'), disk);
    write(
      join(folder, 'image.json'),
      JSON.stringify(
        diskImageMeta({
          hash,
          kernelRelease: RELEASE,
          source: 'test kernel; dropbear-bin',
          moduleOrder: { e1000: ['e1000.ko'] },
          disk: { bytes: disk.length, sha256: digest(disk) },
        }),
      ),
    );
    const overlay = Buffer.from('prepared overlay '.repeat(50));
    write(join(folder, `prepared-${'1'.repeat(16)}.qcow2`), overlay);
    write(
      join(folder, `prepared-${'1'.repeat(16)}.qcow2.json`),
      JSON.stringify(preparedOverlay({ bytes: overlay.length, sha256: digest(overlay) })),
    );
    // A prepare that was killed: an overlay without its record stays on this runner.
    write(join(folder, `prepared-${'2'.repeat(16)}.qcow2`), 'half an overlay');
    const firstSave = await saveGuestCache(workDir, first, io());
    expect(firstSave.entries.map((e) => e.kind)).toEqual(['disk', 'prepared']);
    expect(guestCacheSummaryLine({ restore: first, ...firstSave })).toContain(
      'disk guest: built and prepared in this job',
    );

    rmSync(workDir, { recursive: true, force: true });
    const second = await restoreGuestCache(workDir, KEYS, io());
    expect(second.restored.map((e) => e.kind)).toEqual(['disk', 'prepared']);
    expect(
      readdirSync(folder)
        .filter((name) => !name.endsWith(STAMPS_SUFFIX))
        .sort(),
    ).toEqual([
      'disk.raw',
      'image.json',
      `prepared-${'1'.repeat(16)}.qcow2`,
      `prepared-${'1'.repeat(16)}.qcow2.json`,
    ]);
    expect(readFileSync(join(folder, 'disk.raw'))).toEqual(disk);
    expect(await diskFolderProblem(folder, hash)).toBeUndefined();
    const again = await saveGuestCache(workDir, second, io());
    expect(guestCacheSummaryLine({ restore: second, ...again })).toContain('disk guest: from cache');

    // A disk changed after its record was written is not carried, and the engine would rebuild it.
    writeFileSync(join(folder, 'disk.raw'), Buffer.from('a tampered disk'));
    expect(await diskFolderProblem(folder, hash)).toBe(
      'its disk.raw does not match the size and digest in its image.json',
    );
    expect((await completeEntries(cacheDir)).map((e) => e.kind)).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('rejects a tampered image folder from the cache, so it is built again', async () => {
    const { imageDir } = await firstJob();
    // Put a tampered image into the cache with the library itself, as a poisoned entry would.
    const stage = guestCacheStage(workDir);
    const folder = (await imageFolderNames(guestCacheDir(workDir)))[0]!;
    mkdirSync(join(stage, folder), { recursive: true });
    for (const file of ['vmlinuz', 'image.json'])
      writeFileSync(join(stage, folder, file), readFileSync(join(imageDir, file)));
    const initramfs = readFileSync(join(imageDir, 'initramfs.cpio'));
    initramfs.writeUInt8(initramfs.readUInt8(initramfs.length - 1) ^ 0xff, initramfs.length - 1);
    writeFileSync(join(stage, folder, 'initramfs.cpio'), initramfs);
    expect(await cache.saveCache([stage], `${KEYS.inputsPrefix}tampered`)).toBeGreaterThan(0);

    rmSync(workDir, { recursive: true, force: true });
    const restore = await restoreGuestCache(workDir, KEYS, io());
    expect(restore).toMatchObject({
      status: 'hit',
      matchedKey: `${KEYS.inputsPrefix}tampered`,
      restored: [],
    });
    expect(await imageFolderProblem(imageDir)).toBe(
      'its initramfs.cpio does not match the digest in its image.json',
    );

    // The engine's build sees the folder does not check out and builds it again.
    const cacheDir = guestCacheDir(workDir);
    await firstJobKernelOnly(cacheDir);
    const image = await buildLinuxGuest(kernelTree(cacheDir), cacheDir, host());
    expect(await imageFolderProblem(imageDir, image.hash)).toBeUndefined();
    const afterSave = await saveGuestCache(workDir, restore, io());
    expect(afterSave.save.status).toBe('saved');
    expect(guestCacheSummaryLine({ restore, ...afterSave, guestImage: image.hash })).toContain(
      'guest image: built in this job',
    );
  });

  it('warns, and does not fail, when the service refuses the save', async () => {
    await firstJob();
    // A 500 on v2 is retried with backoff for half a minute; 400 shows the same path at once.
    service.failNextReserve = protocol === 'v1' ? 500 : 400;
    const restore = await restoreGuestCache(workDir, KEYS, io());
    const outcome = await saveGuestCache(workDir, restore, io());
    expect(outcome.save).toMatchObject({ status: 'failed' });
    expect(warnings).toEqual([
      expect.stringMatching(/^nicgate: the cache did not store key nicgate-guests-v1-/),
    ]);
    expect(service.entries).toHaveLength(0);
    expect(guestCacheSummaryLine({ restore, ...outcome })).toContain('entry not saved (see the warning)');
  });

  it("warns when another job saved the same key first (the library's reserve error)", async () => {
    await firstJob();
    const miss = await restoreGuestCache(workDir, KEYS, io());
    expect((await saveGuestCache(workDir, miss, io())).save.status).toBe('saved');
    // A job that started alongside: it missed too and saves the same entries under the same key.
    const again = await saveGuestCache(workDir, miss, io());
    expect(again.save).toMatchObject({ status: 'failed' });
    expect(output.join('')).toContain('Unable to reserve cache with key');
    expect(warnings).toHaveLength(1);
  });
});

/** Only the kernel tree of firstJob (the tampered-image test's second job downloaded it again). */
async function firstJobKernelOnly(cacheDir: string): Promise<void> {
  const treeDir = join(cacheDir, 'kernel', PACKAGES);
  if (existsSync(join(treeDir, '.complete'))) return;
  write(join(treeDir, 'boot', `vmlinuz-${RELEASE}`), 'not a bzImage');
  write(join(treeDir, 'lib/modules', RELEASE, 'modules.dep'), MODULES_DEP);
  for (const line of MODULES_DEP.split('\n'))
    write(join(treeDir, 'lib/modules', RELEASE, line.slice(0, -1)), `module ${line}`);
  write(join(treeDir, '.source'), `${PACKAGES} 1.0`);
  write(join(treeDir, '.complete'), '');
}

describe('the guest cache when the service fails', () => {
  let broken: Server;

  beforeEach(async () => {
    broken = createServer((_request, response) => {
      response.writeHead(500, { 'Content-Type': 'application/json' });
      response.end('{"message":"internal error"}');
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    process.env['ACTIONS_CACHE_URL'] = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    broken.closeAllConnections();
    await new Promise<void>((resolve) => broken.close(() => resolve()));
  });

  it('answers 500 with a warning and a miss, never a failure', async () => {
    const restore = await restoreGuestCache(workDir, KEYS, io());
    expect(restore.status).toBe('miss');
    expect(output.join('')).toContain('::warning::Failed to restore');
    await firstJob();
    const outcome = await saveGuestCache(workDir, restore, io());
    expect(outcome.save.status).toBe('failed');
    expect(warnings.join('\n')).toMatch(
      /nicgate: (the cache did not store key|saving the guest cache failed)/,
    );
  });

  it('turns a restore or save that throws into a warning', async () => {
    const throwing: CacheClient = {
      isFeatureAvailable: () => true,
      restoreCache: () => Promise.reject(new Error('Key Validation Error')),
      saveCache: () => Promise.reject(new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable')),
    };
    const restore = await restoreGuestCache(workDir, KEYS, io(throwing));
    expect(restore).toMatchObject({
      status: 'failed',
      message: 'restoring the guest cache failed: Key Validation Error',
    });
    await firstJob();
    const outcome = await saveGuestCache(workDir, restore, io(throwing));
    expect(outcome.save).toEqual({
      status: 'failed',
      message: 'saving the guest cache failed: Unable to get the ACTIONS_RUNTIME_TOKEN env variable',
    });
    expect(warnings).toHaveLength(2);
    expect(guestCacheSummaryLine({ restore, ...outcome })).toMatch(
      /^\*\*Guest cache:\*\* restore failed \(see the warning\) · guest image: built in this job/,
    );
    // The cache folder is as the job left it: the save removes nothing.
    expect(existsSync(join(guestCacheDir(workDir), 'kernel', 'download'))).toBe(true);
    expect(existsSync(guestCacheStage(workDir))).toBe(false);
  });

  it('is off without a cache service, and saves nothing', async () => {
    delete process.env['ACTIONS_CACHE_URL'];
    const restore = await restoreGuestCache(workDir, KEYS, io());
    expect(restore.status).toBe('off');
    expect((await saveGuestCache(workDir, restore, io())).save.status).toBe('off');
    expect(guestCacheSummaryLine({ restore, save: { status: 'off', message: '' }, entries: [] })).toBe(
      '**Guest cache:** off (no cache service here)',
    );
  });
});
