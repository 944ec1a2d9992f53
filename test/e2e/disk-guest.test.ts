// The Debian disk-image guest, the path a BSD image takes: built from Debian packages without
// mounting, prepared once over user-mode networking and SSH, then booted through firmware and
// syslinux with its job on a second disk and the NIC under test as its only NIC.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bestOf,
  collect,
  leftovers,
  readResults,
  SHARED_WORK_DIR,
  startCli,
  watchQemu,
  WINDOW_BOUND,
  fasterUnlessBusy,
} from './harness.js';

const onDebian12 =
  /^ID=debian$/m.test(readFileSync('/etc/os-release', 'utf8')) &&
  /^VERSION_ID="?12"?$/m.test(readFileSync('/etc/os-release', 'utf8'));

const outDir = mkdtempSync(join(tmpdir(), 'nicgate-e2e-disk-'));
// A work directory of its own, so the first run here prepares the guest; the distro kernel is
// linked in from the shared cache when it is there (downloading it is not what is tested).
const workDir = join(outDir, 'work');
mkdirSync(join(workDir, 'cache'), { recursive: true });
try {
  if (existsSync(join(SHARED_WORK_DIR, 'cache/kernel')))
    execFileSync('cp', ['-al', join(SHARED_WORK_DIR, 'cache/kernel'), join(workDir, 'cache/kernel')]);
} catch {
  // Another file system: hard links cannot cross it, and the run downloads the kernel instead.
  rmSync(join(workDir, 'cache/kernel'), { recursive: true, force: true });
}
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function cli(args: string[], out: string) {
  return startCli([
    'run',
    '--guest',
    'debian-12',
    ...args,
    '--accel',
    'tcg',
    '--work-dir',
    workDir,
    '--out',
    out,
  ]);
}

function preparedFiles(): { path: string; ino: number }[] {
  const cache = join(workDir, 'cache');
  return readdirSync(cache)
    .filter((name) => name.startsWith('debian-12-'))
    .flatMap((dir) =>
      readdirSync(join(cache, dir))
        .filter((name) => name === 'disk.raw' || /^prepared-[0-9a-f]{16}\.qcow2$/.test(name))
        .map((name) => ({ path: join(cache, dir, name), ino: statSync(join(cache, dir, name)).ino })),
    );
}

(onDebian12 ? describe : describe.skip)('the debian-12 disk-image guest under TCG', () => {
  it('prepares once over SSH, then measures with the NIC under test alone: 16 MiB buffers above stock on a window-bound link', async () => {
    const out = join(outDir, 'profiles.json');
    const qemu = watchQemu(workDir);
    const run = await collect(
      cli(
        [
          '--nic',
          'virtio-net-pci',
          '--profile',
          `stock,${WINDOW_BOUND.largeBuffers.path}`,
          ...WINDOW_BOUND.args,
          '--duration',
          '5',
          '--repetitions',
          '3',
        ],
        out,
      ),
    );
    qemu.stop();
    expect(run.stderr).toContain('[2/2]');
    expect(run.code).toBe(0);
    const results = readResults(out);
    const stock = bestOf(results, `debian-12/virtio-net-pci/stock/${WINDOW_BOUND.key}/send`);
    const large = bestOf(results, `debian-12/virtio-net-pci/large-buffers/${WINDOW_BOUND.key}/send`);
    console.log(
      `debian-12 at ${WINDOW_BOUND.link}: stock ${(stock / 1e6).toFixed(0)} Mbit/s, 16 MiB buffers ${(large / 1e6).toFixed(0)} Mbit/s`,
    );
    // The window binds stock, so an unapplied profile gives 1.00; the rate binds 16 MiB buffers
    // (see WINDOW_BOUND). Each side's best repetition, since outside work only slows a transfer.
    expect(
      fasterUnlessBusy(
        results,
        `debian-12/virtio-net-pci/large-buffers/${WINDOW_BOUND.key}/send`,
        `debian-12/virtio-net-pci/stock/${WINDOW_BOUND.key}/send`,
        1.1,
      ),
    ).toMatchObject({ holds: true });
    expect(results.environment.guestKernelSource).toMatch(/dropbear-bin_/);
    expect(results.scenarios[1]!.appliedSysctls).toEqual(
      expect.arrayContaining([{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 16777216' }]),
    );
    // One prepare boot (user-mode NIC, no tap), then measurement boots (a tap, no user-mode NIC).
    const prepare = [...qemu.seen].filter((cmd) => cmd.includes('user,id=ctl'));
    const measure = [...qemu.seen].filter((cmd) => cmd.includes('tap,id=net0'));
    expect(prepare).toHaveLength(1);
    expect(prepare[0]).not.toContain('tap,');
    expect(measure.length).toBeGreaterThanOrEqual(2);
    for (const cmd of measure) {
      expect(cmd).not.toContain('user,');
      expect(cmd).toContain('snapshot=on');
      expect(cmd).toMatch(/format=raw,readonly=on/);
      expect(cmd).not.toContain('-kernel');
    }
    expect(preparedFiles()).toHaveLength(2);
    expect(leftovers(workDir)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });

  it('reuses the disk and the prepared overlay (no prepare boot): virtio-net-pci above e1000 on lan', async () => {
    const before = preparedFiles();
    const out = join(outDir, 'nics.json');
    const qemu = watchQemu(workDir);
    const run = await collect(
      cli(
        [
          '--nic',
          'virtio-net-pci,e1000',
          '--profile',
          'stock',
          '--link',
          'lan',
          '--duration',
          '3',
          '--repetitions',
          '3',
        ],
        out,
      ),
    );
    qemu.stop();
    expect(run.code).toBe(0);
    expect([...qemu.seen].filter((cmd) => cmd.includes('user,'))).toEqual([]);
    expect(preparedFiles()).toEqual(before);
    const results = readResults(out);
    const virtio = bestOf(results, 'debian-12/virtio-net-pci/stock/lan/send');
    const e1000 = bestOf(results, 'debian-12/e1000/stock/lan/send');
    console.log(
      `debian-12 on lan: virtio-net-pci ${(virtio / 1e6).toFixed(0)} Mbit/s, e1000 ${(e1000 / 1e6).toFixed(0)} Mbit/s`,
    );
    expect(
      fasterUnlessBusy(
        results,
        'debian-12/virtio-net-pci/stock/lan/send',
        'debian-12/e1000/stock/lan/send',
        1,
      ),
    ).toMatchObject({ holds: true });
  });

  it('SIGTERM mid-measurement leaves no QEMU, iperf3, tap or namespace', async () => {
    const child = cli(
      ['--nic', 'e1000', '--profile', 'stock', '--link', 'lan', '--duration', '20', '--repetitions', '2'],
      join(outDir, 'killed.json'),
    );
    let sent = false;
    let during: ReturnType<typeof leftovers> | undefined;
    const run = await collect(child, (stderr) => {
      if (!sent && stderr.includes('rep 1/2')) {
        sent = true;
        setTimeout(() => {
          during = leftovers(workDir);
          child.kill('SIGTERM');
        }, 3000);
      }
    });
    expect(sent).toBe(true);
    expect(during!.qemu.length).toBe(1);
    expect(during!.taps.length).toBe(1);
    expect(run.code).toBe(143);
    expect(leftovers(workDir)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });
});
