// The accelerator choice: `auto` probes KVM with a real boot and falls back to TCG with a warning;
// `kvm` fails clearly where KVM does not work. Which case holds depends on the machine, so each
// test asserts the behaviour of the case the probe found, recorded in the results: a table gives
// what each case must show, and every test compares with its row.
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

type Accelerator = 'tcg' | 'kvm';

/** What `--accel auto` shows, by the accelerator it chose. */
const AUTO_SHOWS: Record<Accelerator, { note: unknown; warned: unknown }> = {
  tcg: { note: expect.stringMatching(/^auto fell back to tcg: /), warned: true },
  kvm: { note: expect.stringContaining('guest reached user space'), warned: expect.any(Boolean) },
};

/** What `--accel kvm` shows, by what `auto` chose on this machine. */
const KVM_SHOWS: Record<Accelerator, Record<string, unknown>> = {
  kvm: { code: 0, accelerator: 'kvm', refused: expect.any(Boolean), stackTrace: expect.any(Boolean) },
  tcg: { code: 1, accelerator: undefined, refused: true, stackTrace: false },
};

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
    expect(Object.keys(AUTO_SHOWS)).toContain(autoChose);
    expect({
      note: String(env.acceleratorNote),
      warned: run.stderr.includes('warning: using TCG (software emulation)'),
    }).toEqual(AUTO_SHOWS[autoChose as Accelerator]);
    expect(leftovers(SHARED_WORK_DIR).qemu).toEqual([]);
  });

  it('kvm runs where the probe works and fails clearly (exit 1) where it does not', async () => {
    const out = join(dir, 'kvm.json');
    const run = await runCli(['run', ...tiny, '--accel', 'kvm', '--work-dir', SHARED_WORK_DIR, '--out', out]);
    expect({
      code: run.code,
      accelerator: existsSync(out) ? readResults(out).environment.accelerator : undefined,
      refused: run.stderr.includes('--accel kvm: KVM does not work here'),
      stackTrace: /\n\s+at /.test(run.stderr),
    }).toEqual(KVM_SHOWS[autoChose === 'kvm' ? 'kvm' : 'tcg']);
    expect(leftovers(SHARED_WORK_DIR)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });
});
