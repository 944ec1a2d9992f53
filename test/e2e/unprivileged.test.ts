// The unprivileged path as on GitHub-hosted runners: a user with passwordless sudo runs nicgate;
// every privileged step goes through `sudo -n`, and what sudo started, sudo stops.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers, medianOf, readResults, runCli } from './harness.js';

const USER = 'nicgate-e2e';
const SUDOERS = `/etc/sudoers.d/${USER}`;
const isRoot = process.getuid?.() === 0;
let workDir = '';
let uid = 0;

beforeAll(() => {
  if (!isRoot) return;
  if (spawnSync('id', ['-u', USER]).status !== 0)
    execFileSync('useradd', ['--create-home', '--shell', '/bin/bash', USER]);
  writeFileSync(SUDOERS, `${USER} ALL=(ALL) NOPASSWD: ALL\n`, { mode: 0o440 });
  uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }).trim());
  workDir = mkdtempSync(join(tmpdir(), 'nicgate-user-'));
  chownSync(workDir, uid, uid);
});

afterAll(() => {
  if (!isRoot) return;
  rmSync(workDir, { recursive: true, force: true });
  rmSync(SUDOERS, { force: true });
  spawnSync('userdel', ['--remove', USER]);
});

(isRoot ? describe : describe.skip)('as an unprivileged user with passwordless sudo', () => {
  it('measures end to end and leaves nothing behind', async () => {
    expect(execFileSync('sudo', ['-n', '-u', USER, 'id', '-u'], { encoding: 'utf8' }).trim()).toBe(
      String(uid),
    );
    const out = join(workDir, 'results.json');
    const run = await runCli(
      [
        'run',
        '--nic',
        'virtio-net-pci',
        '--profile',
        'tuned',
        '--link',
        'rtt=10ms',
        '--duration',
        '2',
        '--repetitions',
        '2',
        '--accel',
        'tcg',
        '--work-dir',
        join(workDir, 'work'),
        '--out',
        out,
      ],
      { user: USER, cwd: workDir },
    );
    expect(run.stderr).not.toContain('sudo: a password is required');
    expect(run.code).toBe(0);
    const results = readResults(out);
    // That data moved, not how fast: BBR on a starved TCG vCPU measured 9.8 Mbit/s in CI (a busy
    // host serves its pacing timer late, harness.ts WINDOW_BOUND); a broken path measures ~0.
    expect(medianOf(results, 'linux/virtio-net-pci/tuned/rtt10ms/send')).toBeGreaterThan(1e6);
    expect(results.scenarios[0]!.appliedSysctls).toContainEqual({
      name: 'net.ipv4.tcp_congestion_control',
      value: 'bbr',
    });
    // QEMU and the files ran and were written as the user, not as root.
    expect(statSync(out).uid).toBe(uid);
    expect(statSync(join(workDir, 'work', 'console-0.log')).uid).toBe(uid);
    expect(leftovers(workDir)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });
});
