// The hook prepare installs in a user's image: valid busybox sh, run by nicgate's own busybox
// whatever shell the image has, and nothing of nicgate's outside its one folder.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HOOK_BUSYBOX,
  HOOK_DIR,
  HOOK_INIT,
  HOOK_INIT_SCRIPT,
  HOOK_PATH,
  HOOK_SCRIPT,
} from '../../../src/guest/image/hook.js';
import { hookArchive } from '../../../src/guest/image/prepared.js';
import { requiredTool } from '../../host/required-tool.js';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-hook-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function syntaxErrors(script: string): string {
  const file = join(dir, 'script.sh');
  writeFileSync(file, script);
  try {
    execFileSync(requiredTool('busybox'), ['sh', '-n', file], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

describe("a user image's hook", () => {
  it('is valid busybox sh, the init and the hook both, each started by the busybox prepare installs', () => {
    expect(syntaxErrors(HOOK_SCRIPT)).toBe('');
    expect(syntaxErrors(HOOK_INIT_SCRIPT)).toBe('');
    expect(HOOK_SCRIPT.startsWith(`#!${HOOK_BUSYBOX} sh\n`)).toBe(true);
    expect(HOOK_INIT_SCRIPT.startsWith(`#!${HOOK_BUSYBOX} sh\n`)).toBe(true);
    expect(HOOK_INIT_SCRIPT).toContain(`exec ${HOOK_PATH}\n`);
  });

  it("runs the image's own ip, tc, iperf3 and modprobe by path, and its sysctl.d before the job's profile", () => {
    expect(HOOK_SCRIPT).toContain('IP=$(tool ip)');
    expect(HOOK_SCRIPT).toContain('IPERF3=$(tool iperf3)');
    expect(HOOK_SCRIPT).toContain('"$MODPROBE" -q "$a"');
    expect(HOOK_SCRIPT.indexOf('systemd-sysctl')).toBeLessThan(
      HOOK_SCRIPT.indexOf('while read -r kind name value'),
    );
  });

  it('is packed as three files under its own folder, the host busybox among them', async () => {
    const archive = join(dir, 'hook.tar');
    writeFileSync(archive, await hookArchive(async (tool) => requiredTool(tool)));
    const listing = execFileSync('tar', ['-tvf', archive], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((line) => line.split(/\s+/).at(-1))).toEqual(
      [HOOK_BUSYBOX, HOOK_PATH, HOOK_INIT].map((path) => path.slice(1)),
    );
    for (const line of listing) expect(line.startsWith('-rwxr-xr-x')).toBe(true);
    expect([HOOK_BUSYBOX, HOOK_PATH, HOOK_INIT].every((path) => path.startsWith(`${HOOK_DIR}/`))).toBe(true);
  });
});
