import {
  bootArgs,
  buildQemuArgv,
  controlNicArgs,
  incomingArgs,
  machineArgs,
  nicArgs,
  optionValue,
  qmpArgs,
  QEMU_BINARY,
  serialArgs,
  type VmSpec,
} from '../../src/qemu/argv.js';

const spec: VmSpec = {
  accel: 'tcg',
  memoryMiB: 512,
  cpus: 2,
  boot: {
    kind: 'kernel',
    kernel: '/cache/vmlinuz',
    initrd: '/work/boot-0.cpio',
    append: ['console=ttyS0', 'quiet', 'rdinit=/init'],
  },
  consoleFd: 3,
  nic: { model: 'virtio-net-pci', tap: 'ngtabc123-0', mac: '52:54:00:00:00:02' },
};

/** The element after the only occurrence of `flag`. */
function valueOf(argv: readonly string[], flag: string): string {
  const indices = argv.flatMap((arg, i) => (arg === flag ? [i] : []));
  expect(indices).toHaveLength(1);
  const value = argv[indices[0]! + 1];
  expect(value).toBeDefined();
  return value!;
}

function valuesOf(argv: readonly string[], flag: string): string[] {
  return argv.flatMap((arg, i) => (arg === flag ? [argv[i + 1]!] : []));
}

describe('buildQemuArgv', () => {
  it('starts with the binary and turns off defaults, display and reboots', () => {
    const argv = buildQemuArgv(spec);
    expect(argv[0]).toBe(QEMU_BINARY);
    expect(QEMU_BINARY).toBe('qemu-system-x86_64');
    expect(buildQemuArgv({ ...spec, binary: '/opt/qemu/bin/qemu-system-x86_64' })[0]).toBe(
      '/opt/qemu/bin/qemu-system-x86_64',
    );
    expect(argv).toContain('-nodefaults');
    expect(argv).toContain('-no-user-config');
    expect(argv).toContain('-no-reboot');
    expect(valueOf(argv, '-display')).toBe('none');
    expect(argv.every((arg) => typeof arg === 'string' && arg.length > 0)).toBe(true);
  });

  it('uses TCG with the max CPU model under tcg', () => {
    const argv = buildQemuArgv(spec);
    expect(valueOf(argv, '-accel')).toMatch(/^tcg(,|$)/);
    expect(valueOf(argv, '-cpu')).toBe('max');
    expect(valueOf(argv, '-machine')).toBe('pc');
  });

  it('uses KVM with the host CPU under kvm', () => {
    const argv = buildQemuArgv({ ...spec, accel: 'kvm' });
    expect(valueOf(argv, '-accel')).toBe('kvm');
    expect(valueOf(argv, '-cpu')).toBe('host');
  });

  it('passes memory, CPUs, kernel, initrd and the command line', () => {
    const argv = buildQemuArgv(spec);
    expect(valueOf(argv, '-m')).toBe('512M');
    expect(valueOf(argv, '-smp')).toBe('2');
    expect(valueOf(argv, '-kernel')).toBe('/cache/vmlinuz');
    expect(valueOf(argv, '-initrd')).toBe('/work/boot-0.cpio');
    expect(valueOf(argv, '-append')).toBe('console=ttyS0 quiet rdinit=/init');
  });

  it('puts the console in a file first (ttyS0) and the control port on stdio second (ttyS1)', () => {
    const argv = buildQemuArgv(spec);
    const serials = valuesOf(argv, '-serial');
    expect(serials).toEqual(['chardev:console', 'stdio']);
    expect(valuesOf(argv, '-chardev')).toEqual(['file,id=console,path=/dev/fdset/3']);
    expect(argv.filter((arg) => arg === 'stdio')).toHaveLength(1);
  });

  it('hands QEMU the console log as a descriptor nicgate opened, never a path QEMU would open (and follow)', () => {
    const argv = buildQemuArgv(spec);
    expect(valuesOf(argv, '-add-fd')).toEqual(['fd=3,set=3']);
    expect(argv.indexOf('-add-fd')).toBeLessThan(argv.indexOf('-chardev'));
    expect(argv.filter((arg) => arg.includes('console-0.log'))).toEqual([]);
  });

  it('attaches the NIC to the tap without scripts and gives it the MAC', () => {
    const argv = buildQemuArgv(spec);
    const netdev = valueOf(argv, '-netdev');
    expect(netdev.startsWith('tap,')).toBe(true);
    const netdevOpts = netdev.split(',');
    expect(netdevOpts).toEqual(
      expect.arrayContaining(['id=net0', 'ifname=ngtabc123-0', 'script=no', 'downscript=no']),
    );
    const device = valueOf(argv, '-device');
    expect(device.startsWith('virtio-net-pci,')).toBe(true);
    expect(device.split(',')).toEqual(expect.arrayContaining(['netdev=net0', 'mac=52:54:00:00:00:02']));
    expect(argv).not.toContain('-nic');
    expect(argv.indexOf('-netdev')).toBeLessThan(argv.indexOf('-device'));
  });

  it('adds the model-specific device properties after the fixed ones', () => {
    const argv = buildQemuArgv({
      ...spec,
      nic: { ...spec.nic!, model: 'e1000e', props: { romfile: '', 'x-prop': 'a,b' } },
    });
    expect(valueOf(argv, '-device')).toBe('e1000e,netdev=net0,mac=52:54:00:00:00:02,romfile=,x-prop=a,,b');
  });

  it('asks for no NIC when none is given', () => {
    const withoutNic: VmSpec = { ...spec };
    delete withoutNic.nic;
    const argv = buildQemuArgv(withoutNic);
    expect(valueOf(argv, '-nic')).toBe('none');
    expect(argv).not.toContain('-netdev');
    expect(argv).not.toContain('-device');
  });
});

describe('builders', () => {
  it('machineArgs', () => {
    expect(machineArgs('kvm', 256, 1)).toEqual([
      '-machine',
      'pc',
      '-accel',
      'kvm',
      '-cpu',
      'host',
      '-smp',
      '1',
      '-m',
      '256M',
    ]);
    expect(machineArgs('tcg', 1024, 4)).toEqual(
      expect.arrayContaining(['-cpu', 'max', '-smp', '4', '-m', '1024M']),
    );
  });

  it('machineArgs switches CPU features off after the model', () => {
    expect(machineArgs('tcg', 512, 1, ['pdpe1gb'])).toEqual(expect.arrayContaining(['-cpu', 'max,-pdpe1gb']));
    expect(machineArgs('kvm', 512, 1, ['pdpe1gb', 'la57'])).toEqual(
      expect.arrayContaining(['-cpu', 'host,-pdpe1gb,-la57']),
    );
  });

  it('bootArgs joins the command line words into one argument', () => {
    expect(
      bootArgs({ kind: 'kernel', kernel: '/k', initrd: '/i', append: ['console=ttyS0', 'quiet'] }),
    ).toEqual(['-kernel', '/k', '-initrd', '/i', '-append', 'console=ttyS0 quiet']);
  });

  it('bootArgs gives each disk a virtio drive in order; snapshot and read-only when asked; commas escaped', () => {
    expect(
      bootArgs({
        kind: 'disk',
        drives: [
          { file: '/cache/debian-12/prepared.qcow2', format: 'qcow2', snapshot: true },
          { file: '/run/job,x=1.tar', format: 'raw', readOnly: true },
        ],
      }),
    ).toEqual([
      '-drive',
      'file=/cache/debian-12/prepared.qcow2,if=virtio,format=qcow2,snapshot=on',
      '-drive',
      'file=/run/job,,x=1.tar,if=virtio,format=raw,readonly=on',
    ]);
  });

  it("pins an overlay's backing file on the command line: whatever its header names, QEMU opens this file", () => {
    const argv = buildQemuArgv({
      ...spec,
      boot: {
        kind: 'disk',
        drives: [
          {
            file: '/cache/debian-12/prepared.qcow2',
            format: 'qcow2',
            snapshot: true,
            backing: { file: '/cache/debian-12/disk,1.raw', format: 'raw' },
          },
        ],
      },
    });
    const drive = valueOf(argv, '-drive').split(/(?<!,),(?!,)/);
    expect(drive).toEqual(
      expect.arrayContaining([
        'file=/cache/debian-12/prepared.qcow2',
        'format=qcow2',
        'snapshot=on',
        'backing.driver=raw',
        // A plain file: never a protocol (`nbd:`, `json:`) a name could pick.
        'backing.file.driver=file',
        'backing.file.filename=/cache/debian-12/disk,,1.raw',
      ]),
    );
  });

  it('a disk boot has no -kernel; a prepare boot has the restricted user-mode NIC and no -nic none', () => {
    const argv = buildQemuArgv({
      ...spec,
      boot: { kind: 'disk', drives: [{ file: '/d.qcow2', format: 'qcow2' }] },
      nic: undefined,
      controlNic: { model: 'virtio-net-pci', hostPort: 40022 },
    });
    expect(argv).not.toContain('-kernel');
    expect(argv).not.toContain('-nic');
    expect(valuesOf(argv, '-netdev')).toEqual([
      'user,id=ctl,ipv6=off,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22',
    ]);
    expect(valuesOf(argv, '-device')).toEqual(['virtio-net-pci,netdev=ctl']);
    expect(() => controlNicArgs({ model: 'e1000', hostPort: 70000 })).toThrow('invalid control port');
  });

  it("a user image's prepare boot reaches outside only when asked to (to install iperf3)", () => {
    expect(controlNicArgs({ model: 'virtio-net-pci', hostPort: 40022, outbound: true })[1]).toBe(
      'user,id=ctl,ipv6=off,restrict=off,hostfwd=tcp:127.0.0.1:40022-:22',
    );
    expect(controlNicArgs({ model: 'virtio-net-pci', hostPort: 40022, outbound: false })[1]).toContain(
      'restrict=on',
    );
  });

  it("a disk boot with the disk's own kernel loads it directly, the disks after", () => {
    expect(
      bootArgs({
        kind: 'disk',
        drives: [{ file: '/o.qcow2', format: 'qcow2', snapshot: true }],
        direct: { kernel: '/k', initrd: '/i', append: ['root=UUID=1', 'rw', 'init=/hook'] },
      }),
    ).toEqual([
      '-kernel',
      '/k',
      '-initrd',
      '/i',
      '-append',
      'root=UUID=1 rw init=/hook',
      '-drive',
      'file=/o.qcow2,if=virtio,format=qcow2,snapshot=on',
    ]);
  });

  it('a measurement boot has the NIC under test only: no user-mode NIC', () => {
    const argv = buildQemuArgv({
      ...spec,
      boot: { kind: 'disk', drives: [{ file: '/d.qcow2', format: 'qcow2' }] },
    });
    expect(valuesOf(argv, '-netdev')).toEqual([
      'tap,id=net0,ifname=ngtabc123-0,script=no,downscript=no,vhost=off',
    ]);
    expect(argv.join(' ')).not.toContain('user,');
  });

  it('serialArgs lists the file before stdio', () => {
    expect(serialArgs(3)).toEqual([
      '-add-fd',
      'fd=3,set=3',
      '-chardev',
      'file,id=console,path=/dev/fdset/3',
      '-serial',
      'chardev:console',
      '-serial',
      'stdio',
    ]);
  });

  it('serialArgs puts a typing console on a unix socket QEMU waits on, still logged to the descriptor', () => {
    expect(serialArgs(3, '/tmp/scratch,x/console.sock')).toEqual([
      '-add-fd',
      'fd=3,set=3',
      '-chardev',
      'socket,id=console,path=/tmp/scratch,,x/console.sock,server=on,wait=on,logfile=/dev/fdset/3',
      '-serial',
      'chardev:console',
      '-serial',
      'stdio',
    ]);
  });

  it('a boot loader on the BIOS console: the machine has no graphics, so SeaBIOS uses the serial port', () => {
    expect(machineArgs('tcg', 512, 1, [], 'max', true).slice(0, 2)).toEqual(['-machine', 'pc,graphics=off']);
    expect(machineArgs('tcg', 512, 1).slice(0, 2)).toEqual(['-machine', 'pc']);
  });

  it('serialArgs takes only a descriptor above stderr', () => {
    expect(() => serialArgs(2)).toThrow('invalid console descriptor: 2');
    expect(() => serialArgs(3.5)).toThrow('invalid console descriptor: 3.5');
  });

  it('nicArgs escapes commas in values so they cannot add options', () => {
    const [, netdev, , device] = nicArgs({
      model: 'e1000',
      tap: 'tap0,script=/evil',
      mac: '52:54:00:00:00:02',
    });
    expect(netdev).toBe('tap,id=net0,ifname=tap0,,script=/evil,script=no,downscript=no,vhost=off');
    expect(device).toBe('e1000,netdev=net0,mac=52:54:00:00:00:02');
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', 'a,,b'],
    [',,', ',,,,'],
    ['/tmp/run,1/console.log', '/tmp/run,,1/console.log'],
    ['', ''],
  ])('optionValue(%j) -> %j', (value, escaped) => {
    expect(optionValue(value)).toBe(escaped);
  });
});

describe('saved guests', () => {
  it('puts the monitor on a unix socket QEMU creates and does not wait on, commas doubled', () => {
    expect(qmpArgs('/run/x,y/qmp-0.sock')).toEqual(['-qmp', 'unix:/run/x,,y/qmp-0.sock,server=on,wait=off']);
  });

  it('reads a saved state from an inherited descriptor, never a shell command', () => {
    expect(incomingArgs(3)).toEqual(['-incoming', 'fd:3']);
    expect(() => incomingArgs(0)).toThrow('invalid descriptor for -incoming: 0');
    expect(() => incomingArgs(3.5)).toThrow(/invalid descriptor/);
  });

  it('adds the monitor and -incoming last, only when asked', () => {
    const argv = buildQemuArgv({ ...spec, qmp: '/s/qmp.sock', incomingFd: 4 });
    expect(argv.slice(-4)).toEqual(['-qmp', 'unix:/s/qmp.sock,server=on,wait=off', '-incoming', 'fd:4']);
    expect(buildQemuArgv(spec)).not.toContain('-qmp');
    expect(buildQemuArgv(spec)).not.toContain('-incoming');
  });
});
