import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BOOT_HOOK_SCRIPT,
  STAGE2_INIT,
  stage1Init,
  syslinuxConfig,
} from '../../../src/guest/debian/scripts.js';
import { linuxJobText } from '../../../src/guest/linux/os.js';
import { INIT_SCRIPT } from '../../../src/guest/linux/init-script.js';
import { parseGuestLine } from '../../../src/guest/protocol.js';
import { requiredTool } from '../../host/required-tool.js';

/** The host's busybox runs the guest's shell scripts. */
const busybox = (): string => requiredTool('busybox');
const scripts = {
  'stage 1': stage1Init(['virtio.ko', 'virtio_blk.ko', 'ext4.ko']),
  'stage 2': STAGE2_INIT,
  'boot hook': BOOT_HOOK_SCRIPT,
  'initramfs /init': INIT_SCRIPT,
};

describe('the Debian disk guest scripts', () => {
  it.each(Object.entries(scripts))('%s parses in the guest shell (busybox sh -n)', (_name, script) => {
    expect(script.startsWith('#!/bin/busybox sh\n')).toBe(true);
    execFileSync(busybox(), ['sh', '-n', '-c', script]);
  });

  it.each(Object.entries(scripts))('%s never evaluates text as code', (_name, script) => {
    expect(script).not.toMatch(/\beval\b/);
    expect(script).not.toMatch(/^\s*\. /m);
  });

  it('stage 1 loads the root disk drivers in order, mounts the root read-write and hands over to the disk', () => {
    const text = scripts['stage 1'];
    expect(text).toContain("<<'MODULES'\nvirtio.ko\nvirtio_blk.ko\next4.ko\nMODULES\n");
    expect(text).toContain('mount -t ext4 -o rw /dev/vda2 /newroot');
    expect(text.trimEnd().endsWith('exec switch_root /newroot /sbin/init')).toBe(true);
  });

  it('stage 2 runs the hook only with a job disk attached, else offers SSH and says so', () => {
    const text = scripts['stage 2'];
    expect(text).toContain(
      'if [ -x /etc/nicgate/hook ] && [ -b /dev/vdb ]; then\n  exec /etc/nicgate/hook\nfi',
    );
    expect(text).toContain('/usr/sbin/dropbear -R -B -p 22');
    expect(text).toContain('say sshd 22');
    expect(parseGuestLine('NICGATE:sshd:22')).toEqual({ type: 'sshd', port: 22 });
  });

  it('the hook reads the job from the job disk, then runs the steps the initramfs guest runs', () => {
    const text = scripts['boot hook'];
    expect(text).toContain('tar -xf /dev/vdb -C /run/job');
    expect(text.indexOf('tar -xf /dev/vdb')).toBeLessThan(text.indexOf('say kernel'));
    const steps = INIT_SCRIPT.slice(INIT_SCRIPT.indexOf('# Sysctls before the link comes up'));
    expect(text.endsWith(steps)).toBe(true);
  });

  it('picks the test interface by the MAC address in the job (run in busybox sh)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nicgate-mac-'));
    try {
      for (const [name, mac] of [
        ['eth0', '52:54:00:12:34:56'],
        ['eth1', '52:54:00:00:00:02'],
      ] as const) {
        mkdirSync(join(dir, 'net', name), { recursive: true });
        writeFileSync(join(dir, 'net', name, 'address'), `${mac}\n`);
      }
      const start = INIT_SCRIPT.indexOf('want_mac=\n');
      const block = INIT_SCRIPT.slice(
        start,
        INIT_SCRIPT.indexOf('say iface "$iface"', start) + 'say iface "$iface"'.length,
      )
        .replaceAll('/sys/class/net/', `${dir}/net/`)
        .replaceAll('/job', `${dir}/job`);
      const run = (job: string): string => {
        writeFileSync(join(dir, 'job'), job);
        return execFileSync(
          busybox(),
          ['sh', '-c', `set -f\nsay() { echo "$1:$2"; }\nfail() { echo "error:$1"; }\n${block}`],
          {
            encoding: 'utf8',
          },
        );
      };
      expect(run('mac 52:54:00:00:00:02\naddress 198.18.0.2/30\n')).toBe('iface:eth1\n');
      // Without a MAC line, the first interface (the initramfs guest has one NIC).
      expect(run('address 198.18.0.2/30\n')).toBe('iface:eth0\n');
      expect(run('mac 52:54:00:00:00:09\n')).toContain('error:no network interface appeared');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('syslinux boots the kernel and initrd from the boot partition with the given command line, without a prompt', () => {
    expect(syslinuxConfig(['console=ttyS0', 'quiet'])).toBe(
      'DEFAULT nicgate\nPROMPT 0\nTIMEOUT 0\nLABEL nicgate\n  LINUX /vmlinuz\n  INITRD /initrd.img\n  APPEND console=ttyS0 quiet\n',
    );
  });

  it('the job names the modules of the NIC (netem too when the guest shapes) and the test MAC', () => {
    const moduleOrder = {
      e1000: ['e1000.ko'],
      tcp_bbr: ['tcp_bbr.ko'],
      sch_fq: ['sch_fq.ko'],
      sch_netem: ['sch_netem.ko'],
    };
    const text = linuxJobText(
      { moduleOrder },
      {
        nic: 'e1000',
        sysctls: [],
        address: '198.18.0.2/30',
        netem: ['delay', '50ms'],
        iperf3Port: 5201,
        mac: '52:54:00:00:00:02',
      },
    );
    expect(text.split('\n').slice(0, 6)).toEqual([
      'module e1000.ko',
      'module tcp_bbr.ko',
      'module sch_fq.ko',
      'module sch_netem.ko',
      'mac 52:54:00:00:00:02',
      'address 198.18.0.2/30',
    ]);
    expect(text).toContain('netem delay 50ms\n');
  });
});
