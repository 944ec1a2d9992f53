// Pinned downloads against a real HTTP server on 127.0.0.1 (nothing else is reached), and
// decompression with the host's xz and gzip.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChecksumMismatchError,
  decompressVerified,
  DownloadError,
  downloadPinned,
  type DownloadDeps,
} from '../../../src/guest/image/download.js';
import { runCommand, systemTimer, type StartTimer } from '../../../src/proc/exec.js';

const IMAGE = Buffer.from('a raw disk image, as a publisher would serve it\n'.repeat(4000));
const IMAGE_XZ = execFileSync('xz', ['-c'], { input: IMAGE });
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let server: Server;
let base: string;
const requests = new Map<string, number>();
let cacheDir: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (path === '/image.raw.xz' || path === '/wrong.raw.xz') {
      const body = path === '/image.raw.xz' ? IMAGE_XZ : Buffer.from('not the pinned file');
      response.writeHead(200, { 'content-length': body.length }).end(body);
    } else if (path === '/cut.raw.xz') {
      // Half the promised bytes, then the connection is gone.
      response.writeHead(200, { 'content-length': IMAGE_XZ.length });
      response.write(IMAGE_XZ.subarray(0, IMAGE_XZ.length >> 1), () => response.destroy());
    } else if (path === '/stall.raw.xz') {
      response.writeHead(200, { 'content-length': IMAGE_XZ.length });
      response.write(IMAGE_XZ.subarray(0, 10));
    } else {
      response.writeHead(404).end('no such file');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  requests.clear();
  cacheDir = await mkdtemp(join(tmpdir(), 'nicgate-download-'));
});

afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const DEPS: DownloadDeps = { fetch, startTimer: systemTimer };

function pinned(name: string, digest = sha256(IMAGE_XZ)) {
  return { url: `${base}/${name}`, sha256: digest, fileName: name };
}

describe('downloadPinned', () => {
  it('keeps the file when its SHA-256 is the pinned one, and serves the next call from the cache', async () => {
    const path = await downloadPinned(pinned('image.raw.xz'), cacheDir, DEPS);
    expect(path).toBe(join(cacheDir, 'image.raw.xz'));
    expect(await readFile(path)).toEqual(IMAGE_XZ);
    expect(await downloadPinned(pinned('image.raw.xz'), cacheDir, DEPS)).toBe(path);
    expect(requests.get('/image.raw.xz')).toBe(1);
    expect(await readdir(cacheDir)).toEqual(['image.raw.xz']);
  });

  it('hashes a cached file again before use, and fetches it anew when it changed', async () => {
    const path = await downloadPinned(pinned('image.raw.xz'), cacheDir, DEPS);
    await writeFile(path, 'bit rot');
    expect(await downloadPinned(pinned('image.raw.xz'), cacheDir, DEPS)).toBe(path);
    expect(await readFile(path)).toEqual(IMAGE_XZ);
    expect(requests.get('/image.raw.xz')).toBe(2);
  });

  it('refuses a file whose digest is not the pin, naming URL, expected and actual, and caches nothing', async () => {
    const expected = sha256(IMAGE_XZ);
    const refusal = await downloadPinned(pinned('wrong.raw.xz'), cacheDir, DEPS).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ChecksumMismatchError);
    const mismatch = refusal as ChecksumMismatchError;
    expect(mismatch.url).toBe(`${base}/wrong.raw.xz`);
    expect(mismatch.expected).toBe(expected);
    expect(mismatch.actual).toBe(sha256(Buffer.from('not the pinned file')));
    expect(mismatch.message).toContain(`${base}/wrong.raw.xz`);
    expect(mismatch.message).toContain(expected);
    expect(mismatch.message).toContain(mismatch.actual);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('caches nothing when the connection is cut halfway', async () => {
    await expect(downloadPinned(pinned('cut.raw.xz'), cacheDir, DEPS)).rejects.toThrow(DownloadError);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('caches nothing on an HTTP error, and says which', async () => {
    await expect(downloadPinned(pinned('missing.raw.xz'), cacheDir, DEPS)).rejects.toThrow(
      `downloading ${base}/missing.raw.xz: the server answered HTTP 404; nothing was cached`,
    );
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('gives up on a transfer that stalls, on the injected clock, and caches nothing', async () => {
    // The idle limit runs out as soon as the first bytes came; the total never does.
    const fired: Array<() => void> = [];
    const startTimer: StartTimer = (ms, fire) => {
      if (ms === 1000) fired.push(fire);
      return () => undefined;
    };
    const download = downloadPinned(
      pinned('stall.raw.xz'),
      cacheDir,
      { fetch, startTimer },
      {
        idleMs: 1000,
        totalMs: 3_600_000,
      },
    );
    while (requests.get('/stall.raw.xz') === undefined || fired.length < 2)
      await new Promise((resolve) => setTimeout(resolve, 10));
    fired.at(-1)!();
    await expect(download).rejects.toThrow('the transfer failed: no data came for 1 s; nothing was cached');
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('refuses a pin that is not a SHA-256 and a file name that leaves the cache directory', async () => {
    await expect(downloadPinned(pinned('image.raw.xz', 'abc'), cacheDir, DEPS)).rejects.toThrow(
      'not a SHA-256 pin',
    );
    await expect(
      downloadPinned({ ...pinned('image.raw.xz'), fileName: '../image.raw.xz' }, cacheDir, DEPS),
    ).rejects.toThrow('not a cache file name');
    expect(requests.size).toBe(0);
  });
});

describe('decompressVerified', () => {
  it.each([
    ['xz', '.xz', IMAGE_XZ],
    ['gzip', '.gz', execFileSync('gzip', ['-c'], { input: IMAGE })],
  ])(
    'unpacks with the host %s beside the verified file, keeps it, and reuses it by its digest',
    async (_tool, suffix, packed) => {
      const compressed = join(cacheDir, `disk.raw${suffix}`);
      await writeFile(compressed, packed);
      const calls: string[][] = [];
      const exec: typeof runCommand = async (argv, options) => {
        calls.push([...argv]);
        return await runCommand(argv, options);
      };
      const image = await decompressVerified(compressed, exec);
      expect(image).toBe(join(cacheDir, 'disk.raw'));
      expect(await readFile(image)).toEqual(IMAGE);
      expect(await readFile(compressed)).toEqual(packed);
      expect((await readFile(`${image}.sha256`, 'utf8')).trim()).toBe(sha256(IMAGE));
      expect((await readdir(cacheDir)).sort()).toEqual(
        ['disk.raw', `disk.raw${suffix}`, 'disk.raw.sha256'].sort(),
      );
      expect(await decompressVerified(compressed, exec)).toBe(image);
      expect(calls).toHaveLength(1);
      // A changed image is made again from the verified file.
      await writeFile(image, 'bit rot');
      expect(await readFile(await decompressVerified(compressed, exec))).toEqual(IMAGE);
      expect(calls).toHaveLength(2);
    },
    // Two host decompressions and three hashes: seconds each on a machine busy with other work.
    30_000,
  );

  it('leaves nothing behind when the tool fails', async () => {
    const compressed = join(cacheDir, 'disk.raw.xz');
    await writeFile(compressed, 'not xz');
    await expect(decompressVerified(compressed, runCommand)).rejects.toThrow('xz');
    expect(await readdir(cacheDir)).toEqual(['disk.raw.xz']);
  });
});
