import { ENVIRONMENT_FIELDS, isCompared } from '../../../src/model/environment.js';
import type { ReportInput } from '../../../src/report/input.js';
import { renderEnvironment } from '../../../src/report/sections/environment.js';
import { environment, results, scenario } from '../../baseline/sample-results.js';
import { MARKER, RUN_URL, verdictsFile } from '../fixtures.js';

function render(overrides: Partial<ReportInput> = {}, runUrl?: string): string[] {
  const input: ReportInput = {
    marker: MARKER,
    results: results([scenario('linux/e1000/tuned/lan/send', [1e9])]),
    baselineEnvironment: environment(),
    ...overrides,
  };
  return renderEnvironment(input, runUrl).split('\n');
}

/** The environment table's rows, label cell first. */
const rows = (lines: string[]): string[] => {
  const start = lines.indexOf('#### Environment') + 4;
  return lines.slice(start, lines.indexOf('', start));
};

describe('renderEnvironment', () => {
  it('lists the fields of the one environment table, in its order', () => {
    const labels = rows(render()).map((line) => line.split(' | ')[0]!.slice(2));
    expect(labels).toEqual(ENVIRONMENT_FIELDS.map((field) => field.label));
  });

  it('flags a difference in a field the verdicts judge (blocking or noted)', () => {
    const lines = render({
      results: results([], { accelerator: 'tcg', guestKernel: '6.12.0', qemuVersion: '9.0.0' }),
    });
    expect(lines).toContain('| accelerator ⚠️ | kvm | tcg |');
    expect(lines).toContain('| guest kernel ⚠️ | 6.1.0-28-amd64 | 6.12.0 |');
    expect(lines).toContain('| QEMU ⚠️ | 8.2.2 | 9.0.0 |');
    expect(lines).toContain('| iperf3 | 3.16 | 3.16 |');
  });

  it('says which scenarios of a merged matrix were measured in another environment', () => {
    const tcg = environment({ accelerator: 'tcg', hostCpuModel: 'Intel <Xeon>' });
    const lines = render({
      results: results([
        scenario('linux/e1000/tuned/lan/send', [1e9]),
        scenario('linux/e1000e/tuned/lan/send', [1e9], { environment: tcg }),
        scenario('linux/igb/tuned/lan/send', [1e9], { environment: tcg }),
        scenario('linux/vmxnet3/tuned/lan/send', [1e9], { environment: environment() }),
      ]),
    });
    expect(lines).toContain(
      '2 scenarios were measured in another environment: accelerator kvm → tcg; host CPU AMD EPYC 7763 64-Core Processor → Intel &lt;Xeon&gt;.',
    );
    expect(render().join('\n')).not.toContain('another environment');
  });

  it('shows, but does not flag, a difference in a field that is only shown', () => {
    const lines = render({
      results: results([], {
        guestKernelSource: 'linux-image-6.12.0-1-amd64 6.12.1-1',
        hostKernel: '6.11.0-1001-azure',
        nicgateVersion: '0.2.0',
        git: { commit: 'b'.repeat(40), branch: 'feature/x' },
      }),
    });
    expect(lines).toContain(
      '| guest kernel source | linux-image-6.1.0-28-amd64 6.1.119-1 | linux-image-6.12.0-1-amd64 6.12.1-1 |',
    );
    expect(lines).toContain('| host kernel | 6.8.0-1017-azure | 6.11.0-1001-azure |');
    expect(lines).toContain('| nicgate | 0.1.0 | 0.2.0 |');
    expect(lines).toContain(`| commit | — | ${'b'.repeat(12)} |`);
    expect(lines.filter((line) => line.includes('⚠️'))).toEqual([]);
  });

  it('flags exactly the fields the table compares', () => {
    const changed = environment({
      accelerator: 'tcg',
      vhostNet: 'on',
      qemuVersion: 'q2',
      hostCpuModel: 'c2',
      hostKernel: 'k2',
      iperf3Version: 'i2',
      guestKernel: 'g2',
      guestKernelSource: 's2',
      nicgateVersion: 'n2',
      timestamp: 't2',
      git: { commit: 'x2', branch: 'b2' },
    });
    const flagged = rows(render({ results: results([], changed) }))
      .filter((line) => line.includes('⚠️'))
      .map((line) => line.slice(2, line.indexOf(' ⚠️')));
    expect(flagged).toEqual(ENVIRONMENT_FIELDS.filter(isCompared).map((field) => field.label));
  });

  it('shows why the accelerator was chosen beside it, without comparing that prose', () => {
    const lines = render({
      results: results([], { acceleratorNote: 'auto fell back to tcg: /dev/kvm missing' }),
      baselineEnvironment: environment({ acceleratorNote: 'auto: kvm works' }),
    });
    expect(lines).toContain(
      '| accelerator | kvm (auto: kvm works) | kvm (auto fell back to tcg: /dev/kvm missing) |',
    );
  });

  it('shows one column when the baseline environment is unknown, the commit from the caller', () => {
    const lines = render({ baselineEnvironment: undefined, commit: 'c'.repeat(40) });
    expect(lines).toContain('| | this run |');
    expect(lines).toContain('| QEMU | 8.2.2 |');
    expect(lines).toContain(`| commit | ${'c'.repeat(12)} |`);
    expect(lines).toContain('| branch | — |');
  });

  it('adds the comparison’s notes, the settings and baseline runs, and the run link', () => {
    const lines = render(
      { verdicts: verdictsFile([], { environmentNotes: ['QEMU 8.2.2 → 9.0.0', 'host CPU <x>'] }) },
      RUN_URL,
    );
    expect(lines).toContain('Differences noted by the comparison: QEMU 8.2.2 → 9.0.0; host CPU &lt;x&gt;.');
    expect(lines).toContain('#### Settings');
    expect(lines).toContain('Threshold 5.0%, alpha 0.01, environment changes not allowed.');
    expect(
      lines.some((line) =>
        line.startsWith('Baseline: artifact nicgate-results, branch main, 2 runs: run 101'),
      ),
    ).toBe(true);
    expect(lines).toContain(`[Workflow run](<${RUN_URL}>)`);
  });

  it('has no settings without verdicts, and is one collapsed block', () => {
    const lines = render();
    expect(lines).not.toContain('#### Settings');
    expect(lines[0]).toBe('<details>');
    expect(lines[1]).toBe('<summary>Environment, sysctls and settings</summary>');
    expect(lines[lines.length - 1]).toBe('</details>');
  });
});
