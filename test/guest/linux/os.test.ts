import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelCommandLine } from '../../../src/guest/linux/command-line.js';
import { shapingCommands } from '../../../src/net/link-shaping.js';
import { bootModuleFiles, LINK_MODULES, PROFILE_MODULES } from '../../../src/guest/linux/drivers.js';
import type { LinuxGuestImage } from '../../../src/guest/linux/image.js';
import { JOB_LEAD_IN } from '../../../src/guest/linux/job.js';
import { TCP_KNOBS } from '../../../src/guest/linux/knobs.js';
import {
  linuxAwaitingMedia,
  linuxBootMedia,
  linuxControlJob,
  linuxGuest,
  linuxJobText,
} from '../../../src/guest/linux/os.js';
import { GUEST_CATALOG } from '../../../src/guest/registry.js';
import { nicDrivers } from '../../../src/nic/drivers.js';
import { readNewcEntries } from './newc.js';

const moduleOrder = {
  virtio_pci: ['virtio.ko', 'virtio_pci.ko'],
  virtio_net: ['virtio.ko', 'net_failover.ko', 'virtio_net.ko'],
  e1000: ['e1000.ko'],
  e100: ['mii.ko', 'e100.ko'],
  tcp_bbr: ['tcp_bbr.ko'],
  sch_fq: ['sch_fq.ko'],
  sch_netem: ['sch_netem.ko'],
  sch_prio: ['sch_prio.ko'],
  cls_u32: ['cls_u32.ko'],
};

describe('bootModuleFiles', () => {
  it('loads the NIC drivers with their dependencies first, then BBR and fq, each file once', () => {
    expect(bootModuleFiles(moduleOrder, 'virtio-net-pci', false)).toEqual([
      'virtio.ko',
      'virtio_pci.ko',
      'net_failover.ko',
      'virtio_net.ko',
      'tcp_bbr.ko',
      'sch_fq.ko',
    ]);
  });

  it('adds netem, prio and u32 only when the guest shapes the link', () => {
    expect(bootModuleFiles(moduleOrder, 'e1000', true)).toEqual([
      'e1000.ko',
      'tcp_bbr.ko',
      'sch_fq.ko',
      'sch_netem.ko',
      'sch_prio.ko',
      'cls_u32.ko',
    ]);
  });

  it('loads nothing for a boot without a NIC, and skips modules the kernel has built in', () => {
    expect(bootModuleFiles(moduleOrder, undefined, true)).toEqual([]);
    expect(bootModuleFiles({}, 'e1000', true)).toEqual([]);
  });

  it('knows BBR and fq as the profile modules, netem, prio and u32 as the link modules', () => {
    expect(PROFILE_MODULES).toEqual(['tcp_bbr', 'sch_fq']);
    expect(LINK_MODULES).toEqual(['sch_netem', 'sch_prio', 'cls_u32']);
  });
});

describe('linuxJobText', () => {
  it('renders the job for a NIC, a profile and in-guest netem', () => {
    expect(
      linuxJobText(
        { moduleOrder },
        {
          nic: 'e1000',
          sysctls: [{ name: 'net.ipv4.tcp_congestion_control', value: 'bbr' }],
          address: '198.18.0.2/30',
          netem: ['delay', '50ms', 'limit', '100000'],
          iperf3Port: 5201,
        },
      ),
    ).toBe(
      [
        'module e1000.ko',
        'module tcp_bbr.ko',
        'module sch_fq.ko',
        'module sch_netem.ko',
        'module sch_prio.ko',
        'module cls_u32.ko',
        'sysctl net.ipv4.tcp_congestion_control bbr',
        'address 198.18.0.2/30',
        ...shapingCommands('IFACE', ['delay', '50ms', 'limit', '100000'], 5201, false).map(
          (words) => `shape ${words.join(' ')}`,
        ),
        ...TCP_KNOBS.map((name) => `report ${name}`),
        'iperf3 5201',
        '',
      ].join('\n'),
    );
  });

  it('renders the probe job: no modules, no sysctls', () => {
    expect(
      linuxJobText({ moduleOrder }, { sysctls: [], address: '198.18.255.254/30', iperf3Port: 5201 }),
    ).toBe(`address 198.18.255.254/30\n${TCP_KNOBS.map((name) => `report ${name}\n`).join('')}iperf3 5201\n`);
  });

  it('asks every guest, stock included, to report the standard TCP knobs', () => {
    const stock = linuxJobText(
      { moduleOrder },
      { nic: 'e1000', sysctls: [], address: '198.18.0.2/30', iperf3Port: 5201 },
    );
    for (const name of [
      'net.core.rmem_max',
      'net.core.wmem_max',
      'net.ipv4.tcp_rmem',
      'net.ipv4.tcp_wmem',
      'net.ipv4.tcp_congestion_control',
      'net.core.default_qdisc',
      'net.ipv4.tcp_window_scaling',
      'net.ipv4.tcp_sack',
    ])
      expect(stock).toContain(`\nreport ${name}\n`);
  });

  it('marks a `-` profile line as optional in the job', () => {
    const text = linuxJobText(
      { moduleOrder },
      {
        sysctls: [{ name: 'net.ipv4.tcp_ecn_fallback', value: '1', ignoreMissing: true }],
        address: '198.18.0.2/30',
        iperf3Port: 5201,
      },
    );
    expect(text.startsWith('sysctl-optional net.ipv4.tcp_ecn_fallback 1\n')).toBe(true);
  });
});

describe('linuxBootMedia', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nicgate-os-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('boots the image kernel with an initrd at <stem>.cpio carrying the job, and the Linux command line', async () => {
    writeFileSync(join(dir, 'base.cpio'), '');
    const image: LinuxGuestImage = {
      kernelPath: '/cache/linux-0123/vmlinuz',
      initramfsPath: join(dir, 'base.cpio'),
      moduleFiles: {},
      moduleOrder,
      kernelRelease: '6.1',
      kernelSource: 'test',
      hash: '0123',
    };
    const media = await linuxBootMedia(
      image,
      { nic: 'e1000', sysctls: [], address: '198.18.0.2/30', iperf3Port: 5201 },
      join(dir, 'boot-3'),
    );
    expect(media).toEqual({
      boot: {
        kind: 'kernel',
        kernel: '/cache/linux-0123/vmlinuz',
        initrd: join(dir, 'boot-3.cpio'),
        append: kernelCommandLine(),
      },
      files: [join(dir, 'boot-3.cpio')],
    });
    const [job] = readNewcEntries(readFileSync(join(dir, 'boot-3.cpio')));
    expect(job?.name).toBe('job');
    expect(job?.data.toString()).toContain('module e1000.ko\n');
  });
});

describe('saved guests', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nicgate-os-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const imageIn = (d: string): LinuxGuestImage => ({
    kernelPath: '/cache/linux-0123/vmlinuz',
    initramfsPath: join(d, 'base.cpio'),
    moduleFiles: {},
    moduleOrder,
    kernelRelease: '6.1',
    kernelSource: 'test',
    hash: '0123',
  });

  it('boots a guest to be saved with every module a job may need (netem too), then the wait line', async () => {
    writeFileSync(join(dir, 'base.cpio'), '');
    const media = await linuxAwaitingMedia(imageIn(dir), 'virtio-net-pci', join(dir, 'boot-0'));
    expect(media.boot).toEqual({
      kind: 'kernel',
      kernel: '/cache/linux-0123/vmlinuz',
      initrd: join(dir, 'boot-0.cpio'),
      append: kernelCommandLine(),
    });
    const [job] = readNewcEntries(readFileSync(join(dir, 'boot-0.cpio')));
    expect(job?.data.toString()).toBe(
      [
        ...bootModuleFiles(moduleOrder, 'virtio-net-pci', true).map((m) => `module ${m}`),
        'await-job',
        '',
      ].join('\n'),
    );
  });

  it('writes the same bytes on every call, whatever the job, so a state restores against its media', async () => {
    writeFileSync(join(dir, 'base.cpio'), '');
    const first = await linuxAwaitingMedia(imageIn(dir), 'e1000', join(dir, 'boot-0'));
    const second = await linuxAwaitingMedia(imageIn(dir), 'e1000', join(dir, 'boot-7'));
    expect(second.files).toEqual([join(dir, 'boot-7.cpio')]);
    expect(readFileSync(second.files[0]!).equals(readFileSync(first.files[0]!))).toBe(true);
  });

  it('sends the job without modules (loaded before the save) after a lead-in and a begin line, ended by the end line with its count', () => {
    const job = {
      nic: 'e1000',
      sysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
      address: '198.18.0.6/30',
      netem: ['delay', '50ms'],
      iperf3Port: 5201,
    };
    const text = linuxControlJob(job);
    // A restored guest loses its first bytes: the lead-in is what it loses.
    expect(text.startsWith(`${JOB_LEAD_IN}begin\n`)).toBe(true);
    expect(JOB_LEAD_IN).toMatch(/^\n{16,}$/);
    expect(text).not.toMatch(/^module /m);
    expect(text).toContain('sysctl net.core.rmem_max 16777216\n');
    expect(text).toContain('address 198.18.0.6/30\n');
    expect(text).toContain('handle 20: netem delay 50ms');
    // Everything after the modules is what a cold boot's job says, and the end line counts it.
    const cold = linuxJobText({ moduleOrder }, job).replace(/^module .*\n/gm, '');
    const lines = cold.split('\n').length - 1;
    expect(text).toBe(`${JOB_LEAD_IN}begin\n${cold}end ${lines}\n`);
  });

  it('refuses unsafe text in a job sent over the control port', () => {
    expect(() =>
      linuxControlJob({
        sysctls: [{ name: 'net.core.rmem_max', value: '1\nend\nreboot' }],
        address: '198.18.0.2/30',
        iperf3Port: 5201,
      }),
    ).toThrow(/unsafe sysctl value/);
  });
});

describe('linuxGuest', () => {
  it('is the registered guest for scenarios of guest linux', () => {
    expect(GUEST_CATALOG.guest('linux')).toBe(linuxGuest);
    expect(linuxGuest.name).toBe('linux');
  });

  it('translates a tuning profile into sysctl job lines, refusing unsafe values', () => {
    expect(linuxGuest.os.tuningLines([{ name: 'net.core.rmem_max', value: '16777216' }])).toEqual([
      'sysctl net.core.rmem_max 16777216',
    ]);
    expect(() => linuxGuest.os.tuningLines([{ name: 'net.core.rmem_max', value: '1; reboot' }])).toThrow(
      /unsafe sysctl value/,
    );
  });

  it("names the NIC drivers from Linux's NIC table", () => {
    expect(nicDrivers(linuxGuest.os.nics, 'rtl8139')).toEqual(['8139cp', '8139too']);
  });
});
