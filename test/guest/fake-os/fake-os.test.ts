// A guest OS is a folder: the made-up OS of this folder and one registration line are all it
// takes for the planner, `nicgate plan` and the Action's guest cache to know it. Nothing in src/
// changes for it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeEntries } from '../../../src/action/guest-cache-entries.js';
import { renderPlan } from '../../../src/cli/plan-command.js';
import { buildPlan, type PlanDeps } from '../../../src/config/plan.js';
import { guestCatalog } from '../../../src/guest/catalog.js';
import { GUEST_CATALOG } from '../../../src/guest/registry.js';
import type { RawOptions } from '../../../src/config/options.js';
import { fakeGuest } from './os.js';

// The registration.
const catalog = guestCatalog([...GUEST_CATALOG.guests, fakeGuest]);

const files: Record<string, string> = {
  'fake.conf': '# nicgate: os=fakeos\nnet.fake.recvbuf = 1048576\n',
  'linux.conf': 'net.core.rmem_max = 1048576\n',
};
const deps: PlanDeps = {
  readFile: (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  },
  paths: {
    kind: (path) => (path in files ? 'file' : path === '.' ? 'directory' : 'missing'),
    readable: () => true,
    writable: () => true,
    parent: () => '.',
  },
  guests: catalog,
};

const plan = (options: RawOptions): string => renderPlan(buildPlan(options, deps), catalog);

/** The lines of the block headed by scenario group `key`. */
function block(text: string, key: string): string[] {
  const found = text.split('\n\n').find((b) => b.startsWith(`${key}  `));
  if (!found) throw new Error(`no block ${key} in:\n${text}`);
  return found.split('\n');
}

describe('a guest OS declared in a folder of its own', () => {
  it('is planned with its machine, its NIC driver and quirk, its tuning and its link', () => {
    const text = plan({ guest: 'fakeos', nic: 'e1000,virtio-net-pci', profile: 'stock,tuned', accel: 'tcg' });
    expect(text).toMatch(/^nicgate plan: 4 scenario\(s\)/);
    const lines = block(text, 'fakeos-1.0/e1000/tuned/rtt100ms-rate300mbit');
    expect(lines[0]).toBe('fakeos-1.0/e1000/tuned/rtt100ms-rate300mbit  (FakeOS 1.0 (disk image))');
    const qemu = lines.find((line) => line.startsWith('  qemu:'))!;
    expect(qemu).toContain(' -bios /usr/share/ovmf/OVMF.fd ');
    expect(qemu).toContain(' -cpu max,-x2apic ');
    expect(qemu).toContain(
      ` -drive 'file=<cache>/fakeos-<image hash>/disk.qcow2,if=virtio,format=qcow2,snapshot=on' `,
    );
    expect(qemu).toMatch(/ -device e1000,netdev=net0,mac=52:54:00:00:01:02,mitigation=off$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        '  start:    boots (firmware, boot loader, kernel)',
        '  drivers:  fe (in the kernel; the interface is found by its MAC)',
        "  device:   mitigation=off: FakeOS's fe driver stalls under interrupt mitigation",
        '  profile:  tuned (builtin)',
        '            fakectl set net.fake.sendbuf 16777216',
        '            not applied: BBR: FakeOS has no congestion control to choose',
        '  link:     netem delay 100ms rate 300mbit limit 100000 on the host side of the tap (FakeOS cannot shape its own link: a run is refused where the host has no sch_netem)',
      ]),
    );
    const stock = block(text, 'fakeos-1.0/virtio-net-pci/stock/rtt100ms-rate300mbit');
    expect(stock).toContain('  drivers:  fvio (in the kernel; the interface is found by its MAC)');
    expect(stock).toContain('            (nothing: the guest kernel as it boots)');
    expect(stock.join('\n')).not.toContain('device:');
  });

  it('refuses what its folder does not declare, naming the OS', () => {
    expect(() => plan({ guest: 'fakeos-1.0', nic: 'rtl8139' })).toThrow(
      '--nic: "rtl8139" has no FakeOS driver nicgate knows of (FakeOS guests take virtio-net-pci, e1000); the guest is fakeos-1.0',
    );
    expect(() => plan({ guest: 'linux', profile: 'fake.conf' })).toThrow(
      '--profile: "fake.conf" is written for FakeOS, and the guest linux runs Linux',
    );
    expect(() => plan({ guest: 'fakeos', profile: 'linux.conf' })).toThrow(
      'is written for Linux, and the guest fakeos-1.0 runs FakeOS: profiles for other OSes are refused (name the OS a file is for on a line "# nicgate: os=fakeos")',
    );
    expect(() => plan({ guest: 'windows' })).toThrow(
      /\(linux, debian-12, .*, fakeos-1\.0, freebsd, .*, fakeos\)$/,
    );
  });

  it('takes a profile file written for it', () => {
    const lines = block(
      plan({ guest: 'fakeos', nic: 'e1000', profile: 'fake.conf' }),
      'fakeos-1.0/e1000/fake/rtt100ms-rate300mbit',
    );
    expect(lines).toContain('            fakectl set net.fake.recvbuf 1048576');
  });

  it('is unknown to nicgate itself: the registration is the one place it is added', () => {
    expect(() => buildPlan({ guest: 'fakeos' }, { ...deps, guests: GUEST_CATALOG })).toThrow(
      '--guest: "fakeos" is not a guest nicgate knows',
    );
  });

  it("has its cache folder carried by the Action's guest cache", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'nicgate-fake-os-'));
    try {
      mkdirSync(join(cacheDir, `fakeos-${'a'.repeat(16)}`));
      writeFileSync(join(cacheDir, `fakeos-${'a'.repeat(16)}`, 'image.json'), '{}');
      const entries = await completeEntries(cacheDir, catalog.cacheLayouts);
      expect(entries.map((entry) => [entry.kind, entry.paths])).toEqual([
        ['disk', [`fakeos-${'a'.repeat(16)}`]],
      ]);
      expect(await completeEntries(cacheDir)).toEqual([]);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
