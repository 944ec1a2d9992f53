// The BSD install archive: its members and modes, each script parsed by this machine's /bin/sh
// (dash, as strict as the BSDs' own sh) and run there against a folder standing in for the
// guest's root: rc.local gets its line once, the hook starts only with a job disk, the one-run key
// goes and every other key stays.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bsdBootHook } from '../../../src/guest/bsd/hook.js';
import {
  BSD_HOOK_FILES,
  bsdInstallArchive,
  enableScript,
  forgetKeyScript,
  PREPARE_KEYS_FILE,
  RC_LOCAL_LINE,
  startScript,
  type InstallPaths,
} from '../../../src/guest/bsd/install.js';
import { BSD_HOOK_INSTALL, BSD_POWER_OFF } from '../../../src/guest/bsd/prepare-steps.js';
import { buildTar } from '../../../src/guest/disk/tar.js';
import { FREEBSD_TRAITS } from '../../../src/guest/freebsd/system.js';
import { NETBSD_TRAITS } from '../../../src/guest/netbsd/system.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nicgate-bsd-install-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Each member's path, mode and text, read from the ustar headers. */
function members(archive: Buffer): { path: string; mode: number; text: string }[] {
  const found = [];
  for (let at = 0; at + 512 <= archive.length;) {
    const header = archive.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header.toString('latin1', start, start + length).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12), 8);
    found.push({
      path: field(0, 100),
      mode: parseInt(field(100, 8), 8),
      text: archive.toString('utf8', at + 512, at + 512 + size),
    });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

function paths(): InstallPaths {
  return {
    hook: {
      controlDevice: join(root, 'ttyu1'),
      jobDevice: join(root, 'job.tar'),
      runDir: join(root, 'run'),
      searchPath: '/usr/bin:/bin',
    },
    root,
    hookFile: join(root, 'hook'),
  };
}

function sh(text: string, ...args: string[]): string {
  const file = join(root, `script-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  return execFileSync('/bin/sh', [file, ...args], { encoding: 'utf8' });
}

describe('the BSD install archive', () => {
  it.each([
    ['freebsd', FREEBSD_TRAITS],
    ['netbsd', NETBSD_TRAITS],
  ] as const)('%s: the hook and its three scripts, executable, under one folder', (_, traits) => {
    const found = members(bsdInstallArchive(traits));
    expect(found.map(({ path, mode }) => [path, mode.toString(8)])).toEqual([
      ['usr/local/lib/nicgate/hook', '755'],
      ['usr/local/lib/nicgate/start', '755'],
      ['usr/local/lib/nicgate/enable', '755'],
      ['usr/local/lib/nicgate/forget-key', '755'],
    ]);
    expect(found[0]!.text).toBe(bsdBootHook(traits));
    expect(found[1]!.text).toContain(`job=${traits.jobDevice}\n`);
    for (const { path, text } of found) {
      const file = join(root, path.replaceAll('/', '_'));
      writeFileSync(file, text);
      execFileSync('/bin/sh', ['-n', file]);
    }
  });

  it('the rc.local line and the SSH commands that unpack, enable and forget parse as sh', () => {
    for (const text of [RC_LOCAL_LINE, BSD_HOOK_INSTALL, BSD_POWER_OFF]) {
      const file = join(root, 'line.sh');
      writeFileSync(file, `${text}\n`);
      execFileSync('/bin/sh', ['-n', file]);
    }
    expect(BSD_HOOK_INSTALL).toBe(`tar -x -f - -C / && sh ${BSD_HOOK_FILES.enable} && sync`);
    expect(BSD_POWER_OFF).toBe(`sh ${BSD_HOOK_FILES.forgetKey}; sync; shutdown -p now`);
  });

  it('enable adds the start line to rc.local once, keeping what the image had', () => {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/rc.local'), 'echo the image own line\n');
    sh(enableScript(paths()));
    sh(enableScript(paths()));
    expect(readFileSync(join(root, 'etc/rc.local'), 'utf8')).toBe(
      `echo the image own line\n${RC_LOCAL_LINE}\n`,
    );
    rmSync(join(root, 'etc/rc.local'));
    sh(enableScript(paths()));
    expect(readFileSync(join(root, 'etc/rc.local'), 'utf8')).toBe(`${RC_LOCAL_LINE}\n`);
  });

  it('start runs the hook only when the job disk is a tar archive holding a job', () => {
    writeFileSync(join(root, 'hook'), `echo started > ${root}/started\n`);
    chmodSync(join(root, 'hook'), 0o755);
    const start = startScript(paths());
    sh(start);
    expect(existsSync(join(root, 'started'))).toBe(false);
    writeFileSync(join(root, 'job.tar'), buildTar([{ path: 'other', data: Buffer.from('x') }]));
    sh(start);
    expect(existsSync(join(root, 'started'))).toBe(false);
    writeFileSync(join(root, 'job.tar'), buildTar([{ path: 'job', data: Buffer.from('iperf3 5201\n') }]));
    sh(start);
    expect(existsSync(join(root, 'started'))).toBe(true);
  });

  it('forget-key takes out the one-run key and keeps every other key', () => {
    const mine = `ssh-ed25519 ${'A'.repeat(68)} nicgate-prepare`;
    const theirs = `ssh-ed25519 ${'C'.repeat(68)} admin@example`;
    mkdirSync(join(root, 'root/.ssh'), { recursive: true });
    mkdirSync(join(root, 'etc/ssh'), { recursive: true });
    writeFileSync(join(root, 'root/.ssh/authorized_keys'), `${theirs}\n${mine}\n`);
    writeFileSync(join(root, PREPARE_KEYS_FILE.slice(1)), `${mine}\n`);
    sh(forgetKeyScript(paths()));
    expect(readFileSync(join(root, 'root/.ssh/authorized_keys'), 'utf8')).toBe(`${theirs}\n`);
    expect(readFileSync(join(root, PREPARE_KEYS_FILE.slice(1)), 'utf8')).toBe('');
    // Without the files (a NetBSD image has no seed's key file) it ends well too.
    rmSync(join(root, 'etc'), { recursive: true });
    expect(() => sh(forgetKeyScript(paths()))).not.toThrow();
  });

  it('refuses a path a script would have to quote', () => {
    expect(() => startScript({ ...paths(), hookFile: '/tmp/a b' })).toThrow(/unsafe path/);
  });
});
