import { createNamespace, namespaceCongestionControl, PEER_CONGESTION_CONTROL } from '../../src/net/netns.js';
import { fakeExec } from '../proc/fakes.js';

describe('createNamespace', () => {
  it("pins the host peer's congestion control inside the namespace, whatever the runner's default", async () => {
    const exec = fakeExec();
    await createNamespace('nicgate-abc123', exec);
    const sysctl = exec.calls.find((call) => call.argv.includes('sysctl'))!;
    expect(sysctl.argv.slice(0, 4)).toEqual(['ip', 'netns', 'exec', 'nicgate-abc123']);
    expect(sysctl.argv).toContain('net.ipv4.tcp_congestion_control=cubic');
    expect(PEER_CONGESTION_CONTROL).toBe('cubic');
  });
});

describe('namespaceCongestionControl', () => {
  it('reads the value back for the results, and says unknown when it cannot', async () => {
    const read = fakeExec(() => ({ stdout: 'cubic\n' }));
    expect(await namespaceCongestionControl('nicgate-abc123', read)).toBe('cubic');
    expect(read.calls[0]!.argv).toEqual([
      'ip',
      'netns',
      'exec',
      'nicgate-abc123',
      'sysctl',
      '-n',
      'net.ipv4.tcp_congestion_control',
    ]);
    expect(
      await namespaceCongestionControl(
        'n',
        fakeExec(() => ({ code: 1 })),
      ),
    ).toBe('unknown');
    expect(
      await namespaceCongestionControl(
        'n',
        fakeExec(() => ({ stdout: 'x\ny' })),
      ),
    ).toBe('unknown');
  });
});
