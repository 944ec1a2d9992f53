// Bad input is refused before anything boots, with a message that names the input and quotes it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers, readResults, runCli, SHARED_WORK_DIR } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'nicgate-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('input errors', () => {
  it('rejects an unknown NIC model with the list of valid ones, exit 2, nothing booted', async () => {
    const out = join(dir, 'unknown-nic.json');
    const run = await runCli([
      'run',
      '--nic',
      'virtio-net-pci,e1000x',
      '--work-dir',
      SHARED_WORK_DIR,
      '--out',
      out,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--nic: "e1000x" is not a NIC model this QEMU offers');
    expect(run.stderr).toMatch(/valid: .*e1000e/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stderr).not.toContain('booted');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an invalid sysctl name in a profile file, naming the file and line', async () => {
    const profile = join(dir, 'bad.conf');
    writeFileSync(profile, '# a profile\nnet.core.rmem_max = 16777216\nnet.ipv4.tcp_rmem;reboot = 1\n');
    const run = await runCli([
      'run',
      '--profile',
      profile,
      '--work-dir',
      SHARED_WORK_DIR,
      '--out',
      join(dir, 'x.json'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${profile}:3`);
    // The name is not quoted (it does not look like a key): only its length is shown.
    expect(run.stderr).toContain('a name of 24 characters (not shown) is not a sysctl name');
    expect(run.stderr).not.toContain('reboot');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an invalid sysctl value and bad numbers', async () => {
    const profile = join(dir, 'badvalue.conf');
    writeFileSync(profile, 'net.core.rmem_max = $(reboot)\n');
    const value = await runCli(['run', '--profile', profile, '--work-dir', SHARED_WORK_DIR]);
    expect(value.code).toBe(2);
    // The key and the position of the bad character, never the value itself.
    expect(value.stderr).toContain('the value of net.core.rmem_max has a character other than');
    expect(value.stderr).not.toContain('$(reboot)');
    const duration = await runCli(['run', '--duration', 'five', '--work-dir', SHARED_WORK_DIR]);
    expect(duration.code).toBe(2);
    expect(duration.stderr).toContain('--duration: "five"');
    const flag = await runCli(['run', '--nics', 'e1000']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--nics');
  });

  it('fails the scenario (exit 1) when the guest lacks a sysctl, naming it, and goes on with the others', async () => {
    const profile = join(dir, 'missing.conf');
    writeFileSync(profile, 'net.ipv4.tcp_no_such_knob = 1\n');
    const out = join(dir, 'missing.json');
    const run = await runCli([
      'run',
      '--nic',
      'virtio-net-pci',
      '--profile',
      `stock,${profile}`,
      '--link',
      'lan',
      '--duration',
      '1',
      '--repetitions',
      '1',
      '--accel',
      'tcg',
      '--work-dir',
      SHARED_WORK_DIR,
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    const results = readResults(out);
    const failed = results.scenarios.find((s) => s.key === 'linux/virtio-net-pci/missing/lan/send')!;
    expect(failed.error).toContain('sysctl net.ipv4.tcp_no_such_knob is not available in the guest kernel');
    const ok = results.scenarios.find((s) => s.key === 'linux/virtio-net-pci/stock/lan/send')!;
    expect(ok.error).toBeUndefined();
    expect(ok.samples).toHaveLength(1);
    expect(leftovers(SHARED_WORK_DIR)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });
});
