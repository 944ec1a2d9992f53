import { runCommandLine } from '../../src/cli/main.js';
import { capture } from './capture-io.js';

async function plan(...flags: string[]) {
  const io = capture();
  const code = await runCommandLine(
    ['plan', '--nic', 'e1000', '--profile', 'stock', '--direction', 'both', '--accel', 'tcg', ...flags],
    io,
  );
  return { code, ...io };
}

const iperf3Line = (text: string, direction: string): string =>
  text.split('\n').find((line) => line.startsWith(`  ${direction.padEnd(8)}  iperf3 `))!;

describe('nicgate plan --metrics', () => {
  it('adds --get-server-output where the guest sends, and says what tcp-stats reads', async () => {
    const { code, stdout } = await plan('--metrics', 'tcp-stats');
    expect(code).toBe(0);
    expect(stdout).toContain(
      '\nmetrics:  throughput, tcp-stats; tcp-stats reads retransmits, rtt-mean, rtt-max, cwnd-max from the sending end',
    );
    expect(iperf3Line(stdout, 'send')).toMatch(/ -R .*--get-server-output /);
    // The host sends: its own document has the figures.
    expect(iperf3Line(stdout, 'receive')).not.toContain('--get-server-output');
  });

  it('adds nothing for throughput alone', async () => {
    const { stdout } = await plan();
    expect(stdout).not.toContain('--get-server-output');
    expect(stdout).not.toContain('metrics:');
  });

  it('refuses udp as not available yet: exit 2, naming the flag and quoting the value', async () => {
    const { code, stderr, stdout } = await plan('--metrics', 'throughput,udp');
    expect(code).toBe(2);
    expect(stderr).toContain('--metrics: "udp" is not available yet; --metrics takes throughput, tcp-stats');
    expect(stdout).toBe('');
  });

  it('shows what the paired design judges', async () => {
    const { code, stdout } = await plan('--base-ref', 'HEAD', '--gate-metrics', 'throughput');
    expect(code).toBe(0);
    expect(stdout).toContain('\n          judged: throughput\n');
  });

  it('refuses --gate-metrics tcp-stats with --base-ref: exit 2', async () => {
    const { code, stderr } = await plan('--base-ref', 'HEAD', '--gate-metrics', 'tcp-stats');
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--gate-metrics: "tcp-stats" is not available yet; --gate-metrics takes throughput',
    );
  });
});
