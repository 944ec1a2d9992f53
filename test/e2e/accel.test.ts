// The accelerator choice: `auto` probes KVM with a real boot and falls back to TCG with a warning;
// `kvm` fails clearly where KVM does not work. Which case holds depends on the machine, so each
// test asserts the behaviour of the case the probe found, recorded in the results.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers, readResults, runCli, SHARED_WORK_DIR } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'nicgate-accel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny = [
  '--nic',
  'virtio-net-pci',
  '--profile',
  'stock',
  '--link',
  'lan',
  '--duration',
  '1',
  '--repetitions',
  '1',
];

describe('accelerator', () => {
  let autoChose: string | undefined;

  it('auto records the accelerator it chose and why, warning when it falls back to TCG', async () => {
    const out = join(dir, 'auto.json');
    const run = await runCli([
      'run',
      ...tiny,
      '--accel',
      'auto',
      '--work-dir',
      SHARED_WORK_DIR,
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const env = readResults(out).environment;
    autoChose = String(env.accelerator);
    if (env.accelerator === 'tcg') {
      expect(String(env.acceleratorNote)).toMatch(/^auto fell back to tcg: /);
      expect(run.stderr).toContain('warning: using TCG (software emulation)');
    } else {
      expect(env.accelerator).toBe('kvm');
      expect(String(env.acceleratorNote)).toContain('guest reached user space');
    }
    expect(leftovers(SHARED_WORK_DIR).qemu).toEqual([]);
  });

  it('kvm runs where the probe works and fails clearly (exit 1) where it does not', async () => {
    const out = join(dir, 'kvm.json');
    const run = await runCli(['run', ...tiny, '--accel', 'kvm', '--work-dir', SHARED_WORK_DIR, '--out', out]);
    if (autoChose === 'kvm') {
      expect(run.code).toBe(0);
      expect(readResults(out).environment.accelerator).toBe('kvm');
    } else {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('--accel kvm: KVM does not work here');
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    }
    expect(leftovers(SHARED_WORK_DIR)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });
});
