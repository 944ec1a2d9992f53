import { execFileSync } from 'node:child_process';
import { runCommandLine } from '../../src/cli/main.js';
import { capture } from './capture-io.js';

/** The words of the `qemu:` line of the block headed `key`, as a shell would split them. */
function qemuWords(text: string, key: string): string[] {
  const block = text.split('\n\n').find((b) => b.startsWith(`${key} `));
  const line = block?.split('\n').find((l) => l.startsWith('  qemu:'));
  if (!line) throw new Error(`no qemu line for ${key}`);
  const json = execFileSync(
    'sh',
    ['-c', `for w in ${line.slice('  qemu:'.length)}; do printf '%s\\n' "$w"; done`],
    {
      encoding: 'utf8',
    },
  );
  return json.trim().split('\n');
}

const valueAfter = (words: string[], flag: string): string[] =>
  words.flatMap((w, i) => (w === flag ? [words[i + 1]!] : []));

describe('nicgate plan', () => {
  it('prints every boot with its QEMU command line, its profile and its iperf3 runs, booting nothing', async () => {
    const io = capture();
    const code = await runCommandLine(
      [
        'plan',
        '--guest',
        'linux,debian-12',
        '--nic',
        'e1000',
        '--profile',
        'tuned',
        '--direction',
        'both',
        '--accel',
        'tcg',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/^nicgate plan: 4 scenario\(s\), 5 repetition\(s\) of 5 s/);
    const linux = qemuWords(io.stdout, 'linux/e1000/tuned/rtt100ms-rate300mbit');
    expect(linux[0]).toBe('qemu-system-x86_64');
    expect(valueAfter(linux, '-kernel')).toEqual(['<cache>/linux-<image hash>/vmlinuz']);
    expect(valueAfter(linux, '-netdev')).toEqual([
      'tap,id=net0,ifname=<tap 0>,script=no,downscript=no,vhost=off',
    ]);
    expect(valueAfter(linux, '-device')).toEqual(['e1000,netdev=net0,mac=52:54:00:00:00:02']);
    expect(valueAfter(linux, '-accel')).toEqual(['tcg,tb-size=256']);

    // The disk guest: its prepared overlay as a snapshot, the job disk read-only, the NIC under test only.
    const debian = qemuWords(io.stdout, 'debian-12/e1000/tuned/rtt100ms-rate300mbit');
    expect(debian).not.toContain('-kernel');
    expect(valueAfter(debian, '-drive')).toEqual([
      'file=<cache>/debian-12-<disk hash>/prepared-<install hash>.qcow2,if=virtio,format=qcow2,snapshot=on,backing.driver=raw,backing.file.driver=file,backing.file.filename=<cache>/debian-12-<disk hash>/disk.raw',
      'file=<scratch>/boot-1.tar,if=virtio,format=raw,readonly=on',
    ]);
    expect(valueAfter(debian, '-netdev')).toEqual([
      'tap,id=net0,ifname=<tap 1>,script=no,downscript=no,vhost=off',
    ]);

    expect(io.stdout).toContain('            sysctl net.ipv4.tcp_congestion_control bbr\n');
    expect(io.stdout).toContain(
      "  link:     netem delay 50ms rate 300mbit limit 100000 on each side of the tap, the host's and the guest's egress (where the host has no sch_netem: netem delay 100ms rate 300mbit limit 100000 in the guest alone)",
    );
    expect(io.stdout).toMatch(/ {2}send {6}iperf3 -c 198\.18\.0\.2 -p 5201 --json -t 5 -O 1 -P 1 -R /);
    expect(io.stdout).toMatch(
      / {2}receive {3}iperf3 -c 198\.18\.0\.6 -p 5201 --json -t 5 -O 1 -P 1 --connect/,
    );
    expect(io.stdout).toContain('start:    from a saved state when one exists');
    expect(io.stdout).toContain('start:    boots (firmware, boot loader, kernel)');
    // An e1000 has no vhost backend: vhost=off on its tap, and no vhost line.
    expect(io.stdout).not.toContain('  vhost:');
  });

  it('says what --accel kvm tries: -cpu host, then without arch-capabilities on the MSR 0x10a failure', async () => {
    const io = capture();
    expect(
      await runCommandLine(
        ['plan', '--accel', 'kvm', '--nic', 'virtio-net-pci', '--profile', 'stock', '--link', 'lan'],
        io,
      ),
    ).toBe(0);
    expect(io.stdout).toMatch(
      /^nicgate plan: .* \(kvm: -cpu host, retried with -cpu host,-arch-capabilities where QEMU fails to set MSR 0x10a\)\n/,
    );
    expect(valueAfter(qemuWords(io.stdout, 'linux/virtio-net-pci/stock/lan'), '-cpu')).toEqual(['host']);
  });

  it('says when --accel auto shows KVM, and that a stock profile applies nothing', async () => {
    const io = capture();
    expect(
      await runCommandLine(['plan', '--nic', 'virtio-net-pci', '--profile', 'stock', '--link', 'lan'], io),
    ).toBe(0);
    expect(io.stdout).toContain(
      '(--accel auto: shown for KVM; kvm: -cpu host, retried with -cpu host,-arch-capabilities where QEMU fails to set MSR 0x10a; where KVM does not work, -accel tcg,tb-size=256 -cpu max)',
    );
    expect(io.stdout).toContain(
      '  vhost:    on where /dev/vhost-net opens for this user (the tap then gets vhost=on), else off\n',
    );
    expect(io.stdout).toContain('(nothing: the guest kernel as it boots)');
    expect(io.stdout).toContain('  link:     unshaped');
  });

  it.each([
    [
      ['--guest', 'windows'],
      '--guest: "windows" is not a guest nicgate knows (linux, debian-12, freebsd-14.3,',
    ],
    [['--guest', 'openbsd', '--nic', 'usb-net'], '--nic: "usb-net" has no OpenBSD driver nicgate knows of'],
    [['--nic', 'e1000\u001b[31m'], '--nic'],
  ])('refuses bad input with exit 2: %j', async (args, message) => {
    const io = capture();
    expect(await runCommandLine(['plan', ...args], io)).toBe(2);
    expect(io.stderr).toContain(message);
    expect(io.stdout).toBe('');
  });

  it('plans BSD guests it cannot run yet: their machine, NIC quirks, tuning commands and what they lack', async () => {
    const io = capture();
    const args = [
      'plan',
      '--guest',
      'netbsd,openbsd,freebsd-14.3',
      '--nic',
      'virtio-net-pci',
      '--profile',
      'tuned',
    ];
    expect(await runCommandLine([...args, '--link', 'rtt=200ms', '--accel', 'tcg'], io)).toBe(0);
    const netbsd = qemuWords(io.stdout, 'netbsd-10.1/virtio-net-pci/tuned/rtt200ms');
    expect(valueAfter(netbsd, '-device')).toEqual([
      'virtio-net-pci,netdev=net0,mac=52:54:00:00:00:02,ctrl_vq=off',
    ]);
    expect(valueAfter(netbsd, '-drive')[0]).toBe(
      'file=<cache>/netbsd-10.1-<image hash>/prepared-<install hash>.qcow2,if=virtio,format=qcow2,snapshot=on',
    );
    const openbsd = qemuWords(io.stdout, 'openbsd-7.8/virtio-net-pci/tuned/rtt200ms');
    expect(valueAfter(openbsd, '-bios')).toEqual(['/usr/share/ovmf/OVMF.fd']);
    expect(valueAfter(openbsd, '-cpu')).toEqual(['max,-pdpe1gb']);
    expect(io.stdout).toContain('  drivers:  vioif (in the kernel; the interface is found by its MAC)');
    expect(io.stdout).toContain(
      "  device:   ctrl_vq=off: NetBSD's vioif can hang its boot on the control queue",
    );
    expect(io.stdout).toContain('            not applied: BBR: NetBSD has no BBR congestion control');
    expect(io.stdout).toContain(
      '            kldload -n tcp_bbr\n            sysctl net.inet.tcp.functions_default=bbr   (only where net.inet.tcp.functions_available lists bbr)\n',
    );
    expect(io.stdout).toContain(
      '(OpenBSD cannot shape its own link: a run is refused where the host has no sch_netem)',
    );
    expect(io.stdout.match(/ {2}runs: {5}not yet: /g)).toHaveLength(3);

    const run = capture();
    expect(await runCommandLine(['run', '--guest', 'netbsd', '--nic', 'virtio-net-pci'], run)).toBe(2);
    expect(run.stderr).toContain('--guest: "netbsd-10.1" cannot be run yet');
  });
});
