// `nicgate plan --image` and `nicgate run --image` with a real qcow2 image: the plan shows the
// image guest; a run of a BSD image is refused with exit 2 before anything boots.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandLine } from '../../src/cli/main.js';
import { capture } from './capture-io.js';
import { commandHelp } from '../../src/cli/usage.js';
import { requiredTool } from '../host/required-tool.js';

let dir: string;
let image: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-image-cli-'));
  image = join(dir, 'app-vm.qcow2');
  execFileSync(requiredTool('qemu-img'), ['create', '-q', '-f', 'qcow2', image, '20G']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const common = (): string[] => [
  '--nic',
  'e1000',
  '--profile',
  'tuned',
  '--link',
  'lan',
  '--work-dir',
  join(dir, 'work'),
];

describe('nicgate with --image', () => {
  it('plans the image as a guest: its path, format, sizes, hash and OS, and that its recipe has not run yet', async () => {
    const io = capture();
    expect(await runCommandLine(['plan', '--image', image, '--image-os', 'netbsd', ...common()], io)).toBe(0);
    const hash = createHash('sha256').update(readFileSync(image)).digest('hex');
    const block = io.stdout.split('\n\n').find((b) => b.startsWith('app-vm/e1000/tuned/lan '))!;
    const lines = block.split('\n');
    expect(lines[0]).toBe('app-vm/e1000/tuned/lan  (your NetBSD image, qcow2)');
    expect(lines[1]).toMatch(
      new RegExp(
        `^  image: {4}${image} \\(qcow2 by its header, a 20\\.0 GiB disk in a [0-9.]+ MiB file, sha256 ${hash.slice(0, 12)}, NetBSD\\)$`,
      ),
    );
    // How prepare would get in, from NetBSD's recipe, and that it has never been run.
    expect(lines[2]).toBe(
      '  prepare:  for NetBSD live images (boot menu with "Drop to boot prompt", root without a password): on the serial console boot, login, ssh; over SSH hook install, iperf3 install (env PKG_PATH="https://cdn.NetBSD.org/pub/pkgsrc/packages/NetBSD/$(uname -p)/$(uname -r | cut -f \'1 2\' -d.)/All/" pkg_add iperf3)',
    );
    expect(lines[3]).toMatch(/^ {12}not yet run: written from https:\/\/man\.netbsd\.org\/boot\.8, /);
    // A run prepares it with that recipe: nothing refuses it.
    expect(block).not.toContain('runs:');
    // The prepared overlay over the image, which QEMU opens as its pinned backing file, booted
    // through the image's own boot loader (no kernel of its own loaded by QEMU).
    expect(block).toMatch(
      /-drive 'file=<cache>\/user-images\/[0-9a-f]{16}-<recipe>\/prepared\.qcow2,if=virtio,format=qcow2,snapshot=on,/,
    );
    expect(block).toContain(`backing.file.filename=${image}`);
    expect(block).not.toContain('-kernel');
    expect(block).toContain('start:    boots (firmware, boot loader, kernel)');
    // NetBSD's own row of `tuned`, from its folder.
    expect(block).toContain('kern.sbmax');
  });

  it('plans a Linux image: prepared once, then its own kernel booted straight into the hook', async () => {
    const io = capture();
    expect(await runCommandLine(['plan', '--image', image, ...common()], io)).toBe(0);
    const block = io.stdout.split('\n\n').find((b) => b.startsWith('app-vm/e1000/tuned/lan '))!;
    expect(block).not.toContain('not yet');
    expect(block).toMatch(/-kernel '<cache>\/user-images\/[0-9a-f]{16}-<recipe>\/vmlinuz/);
    expect(block).toContain('init=/usr/local/lib/nicgate/init');
    expect(block).toContain(`backing.file.filename=${image}`);
  });

  // FreeBSD and NetBSD images go on to their prepare boot: a unit test never starts one.
  it.each([
    [
      'openbsd',
      'nicgate knows no way into OpenBSD images: OpenBSD publishes installation media, not a disk image to boot as it is, and its installer always sets a root password, so an image nicgate did not make has no documented way in',
    ],
  ])(
    "refuses a run of a %s image with exit 2 before anything boots, with its recipe's reason",
    async (os, why) => {
      const io = capture();
      const args = ['run', '--image', image, '--image-os', os, '--out', join(dir, 'r.json'), ...common()];
      expect(await runCommandLine(args, io)).toBe(2);
      expect(io.stderr).toBe(
        `nicgate: --image: "${image}" cannot be measured yet: ${why}; \`nicgate plan\` shows what a run would do\n`,
      );
    },
  );

  it('plans an image of an OS with no known way in as such', async () => {
    const io = capture();
    expect(await runCommandLine(['plan', '--image', image, '--image-os', 'dragonfly', ...common()], io)).toBe(
      0,
    );
    expect(io.stdout).toContain(
      '  prepare:  none known: DragonFly BSD publishes installation media, not a disk image of an installed system',
    );
  });

  it('lists --guest and the image options in the help of run and plan', () => {
    for (const text of [commandHelp('run'), commandHelp('plan')]) {
      expect(text).toMatch(/--guest LIST .*; default linux/);
      expect(text).toMatch(/--image PATH\[,PATH\] +your own disk images/);
      expect(text).toMatch(/--image-os OS .*; default linux/);
    }
    expect(commandHelp('run')).toContain('--base-image PATH');
  });
});
