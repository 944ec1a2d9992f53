// A run killed mid-measurement leaves nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, leftovers, SHARED_WORK_DIR, startCli } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'nicgate-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function expectCleanAfterKillMidMeasurement(signal: NodeJS.Signals): Promise<void> {
  const child = startCli([
    'run',
    '--nic',
    'virtio-net-pci',
    '--profile',
    'stock',
    '--link',
    'rtt=20ms',
    '--duration',
    '20',
    '--repetitions',
    '2',
    '--accel',
    'tcg',
    '--work-dir',
    SHARED_WORK_DIR,
    '--out',
    join(dir, 'killed.json'),
  ]);
  let sent = false;
  let during: ReturnType<typeof leftovers> | undefined;
  const run = await collect(child, (stderr) => {
    if (!sent && stderr.includes('rep 1/2')) {
      sent = true;
      // Let iperf3 start its transfer, then look at what is running and kill the run.
      setTimeout(() => {
        during = leftovers(SHARED_WORK_DIR);
        child.kill(signal);
      }, 3000);
    }
  });
  expect(sent).toBe(true);
  // While it ran, there was something to clean up: a QEMU, a namespace, a tap, an iperf3 client.
  expect(during!.qemu.length).toBe(1);
  expect(during!.netns.length).toBe(1);
  expect(during!.taps.length).toBe(1);
  expect(during!.iperf3.length).toBeGreaterThanOrEqual(1);
  expect(run.code).toBe(signal === 'SIGINT' ? 130 : 143);
  expect(run.stderr).toContain(`${signal} received, tearing down`);
  expect(leftovers(SHARED_WORK_DIR)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
}

describe('teardown on signals', () => {
  it('SIGTERM mid-measurement leaves no QEMU, iperf3, tap or namespace', async () => {
    await expectCleanAfterKillMidMeasurement('SIGTERM');
  });

  it('Ctrl-C (SIGINT) mid-measurement leaves nothing either', async () => {
    await expectCleanAfterKillMidMeasurement('SIGINT');
  });
});
