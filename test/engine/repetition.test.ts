import { readFileSync } from 'node:fs';
import { RETRY_PAUSES_MS, runRepetition } from '../../src/engine/repetition.js';
import { Iperf3Error } from '../../src/iperf3/client.js';
import { fakeExec } from '../proc/fakes.js';
import { iperf3ClientUser } from '../../src/proc/privilege.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/iperf3/${name}.json`, import.meta.url), 'utf8');
const target = { netns: 'nicgate-abc123', server: '198.18.0.2', port: 5201, direction: 'receive' as const };
const settings = { durationSec: 5, omitSec: 1, repetitions: 3, streams: 2 };

describe('runRepetition with tcp-stats', () => {
  const tcpStats = { ...settings, metrics: ['throughput', 'tcp-stats'] as const };
  const guestSends = { ...target, direction: 'send' as const };

  it("asks for the guest server's document where the guest sends, and reads TCP's figures from it", async () => {
    const exec = fakeExec(() => ({ stdout: fixture('loopback-reverse-server-output') }));
    const sample = await runRepetition(guestSends, tcpStats, () => undefined, { exec });
    expect(exec.calls[0]!.argv.slice(-2)).toEqual(['5000', '--get-server-output']);
    expect(exec.calls[0]!.argv).toContain('-R');
    expect(sample.tcp).toEqual({
      source: 'server',
      retransmits: 7,
      meanRttMicroseconds: 59.333333333333336,
      maxRttMicroseconds: 62,
      maxCongestionWindowBytes: 1047728,
    });
  });

  it("reads the client's own figures where the host sends, without the server's document", async () => {
    const exec = fakeExec(() => ({ stdout: fixture('loopback-plain') }));
    const sample = await runRepetition(target, tcpStats, () => undefined, { exec });
    expect(exec.calls[0]!.argv).not.toContain('--get-server-output');
    expect(sample.tcp).toMatchObject({ source: 'client', retransmits: 9, maxCongestionWindowBytes: 1047728 });
  });

  it('reads nothing of TCP, and asks for nothing, without tcp-stats', async () => {
    const exec = fakeExec(() => ({ stdout: fixture('loopback-reverse-server-output') }));
    const sample = await runRepetition(guestSends, settings, () => undefined, { exec });
    expect(exec.calls[0]!.argv).not.toContain('--get-server-output');
    expect(sample.tcp).toBeUndefined();
  });
});

describe('runRepetition', () => {
  it('runs the iperf3 client inside the namespace, privileged, with a limit past the transfer', async () => {
    const exec = fakeExec(() => ({ stdout: fixture('loopback-plain') }));
    const sample = await runRepetition(target, settings, () => undefined, { exec });
    expect(sample.bitsPerSecond).toBeCloseTo(26006426604.96, 1);
    expect(exec.calls).toHaveLength(1);
    expect(exec.calls[0]!.argv).toEqual([
      'ip',
      'netns',
      'exec',
      'nicgate-abc123',
      'iperf3',
      '-c',
      '198.18.0.2',
      '-p',
      '5201',
      '--json',
      '-t',
      '5',
      '-O',
      '1',
      '-P',
      '2',
      '--connect-timeout',
      '5000',
    ]);
    expect(exec.calls[0]!.options).toEqual({ privileged: true, allowFailure: true, timeoutMs: 36_000 });
  });

  it('runs the client as the invoking user, not as root, when nicgate runs under sudo', async () => {
    const exec = fakeExec(() => ({ stdout: fixture('loopback-plain') }));
    await runRepetition(target, settings, () => undefined, { exec, runAs: { uid: 1001, gid: 121 } });
    expect(exec.calls[0]!.argv.slice(0, 12)).toEqual([
      'ip',
      'netns',
      'exec',
      'nicgate-abc123',
      'setpriv',
      '--reuid=1001',
      '--regid=121',
      '--clear-groups',
      '--',
      'env',
      'TMPDIR=/tmp',
      'iperf3',
    ]);
    expect(exec.calls[0]!.options.privileged).toBe(true);
  });

  it('runs the client as nobody when nicgate runs as root (issue 26): setpriv inside the namespace', async () => {
    const exec = fakeExec(() => ({ stdout: fixture('loopback-plain') }));
    const runAs = iperf3ClientUser(
      true,
      { uid: 0, gid: 0 },
      () => 'nobody:x:65534:65534::/:/usr/sbin/nologin\n',
    );
    await runRepetition(target, settings, () => undefined, {
      exec,
      runAs,
      peerPrefix: ['taskset', '-c', '1'],
    });
    // TMPDIR: iperf3 makes its buffer there, and root's may be closed to nobody.
    expect(exec.calls[0]!.argv.slice(0, 15)).toEqual([
      'ip',
      'netns',
      'exec',
      'nicgate-abc123',
      'setpriv',
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      '--',
      'env',
      'TMPDIR=/tmp',
      'taskset',
      '-c',
      '1',
      'iperf3',
    ]);
  });

  it('retries after a short pause when iperf3 could not connect', async () => {
    const answers = [fixture('loopback-connection-refused'), fixture('loopback-plain')];
    const exec = fakeExec(() => ({ stdout: answers.shift()! }));
    const pauses: number[] = [];
    const retries: string[] = [];
    const sample = await runRepetition(target, settings, (m) => retries.push(m), {
      exec,
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(sample.bitsPerSecond).toBeGreaterThan(0);
    expect(retries).toEqual(['iperf3: unable to connect to server: Connection refused']);
    expect(pauses).toEqual([100]);
    expect(exec.calls).toHaveLength(2);
  });

  it('waits longer each time and reports the failure once the pauses are spent', async () => {
    const exec = fakeExec(() => ({ stdout: fixture('loopback-connection-refused') }));
    const pauses: number[] = [];
    const retries: string[] = [];
    const error = await runRepetition(target, settings, (m) => retries.push(m), {
      exec,
      sleep: async (ms) => void pauses.push(ms),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Iperf3Error);
    expect((error as Error).message).toBe('iperf3: unable to connect to server: Connection refused');
    expect(pauses).toEqual([...RETRY_PAUSES_MS]);
    expect(pauses).toEqual([...pauses].sort((a, b) => a - b));
    expect(retries).toHaveLength(RETRY_PAUSES_MS.length);
    expect(exec.calls).toHaveLength(RETRY_PAUSES_MS.length + 1);
  });

  it('does not retry other failures', async () => {
    const exec = fakeExec(() => ({ code: 1, stdout: '', stderr: 'iperf3: error - some failure' }));
    const error = await runRepetition(target, settings, () => undefined, { exec }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Iperf3Error);
    expect((error as Error).message).toBe('iperf3 printed nothing (exit 1): iperf3: error - some failure');
    expect(exec.calls).toHaveLength(1);
  });
});
