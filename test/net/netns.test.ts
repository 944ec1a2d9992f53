import { linkAddresses } from '../../src/net/addresses.js';
import { createNamespace, moveTapIntoNamespace, PEER_CONGESTION_CONTROL } from '../../src/net/netns.js';
import { fakeExec } from '../proc/fakes.js';

describe('createNamespace', () => {
  it("sets the peer's socket buffers inside the namespace and leaves its default congestion control alone", async () => {
    const exec = fakeExec();
    await createNamespace('nicgate-abc123', exec);
    const sysctl = exec.calls.find((call) => call.argv.includes('sysctl'))!;
    expect(sysctl.argv.slice(0, 4)).toEqual(['ip', 'netns', 'exec', 'nicgate-abc123']);
    expect(sysctl.argv).toContain('net.ipv4.tcp_wmem=4096 65536 67108864');
    // Outside the initial namespace only the runner's allowed algorithms may be the default.
    expect(sysctl.argv.join(' ')).not.toContain('tcp_congestion_control');
  });
});

describe('moveTapIntoNamespace', () => {
  it("pins the host peer's congestion control on the link's route, whoever owns the socket", async () => {
    const exec = fakeExec();
    await moveTapIntoNamespace('ngtabc123-1', 'nicgate-abc123', linkAddresses(1), exec);
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual([
      'ip link set dev ngtabc123-1 netns nicgate-abc123',
      'ip -n nicgate-abc123 addr add 198.18.0.5/30 dev ngtabc123-1',
      'ip -n nicgate-abc123 link set dev ngtabc123-1 up',
      'ip -n nicgate-abc123 route replace 198.18.0.4/30 dev ngtabc123-1 proto kernel scope link src 198.18.0.5 congctl cubic',
    ]);
    expect(PEER_CONGESTION_CONTROL).toBe('cubic');
    expect(exec.calls.every((call) => call.options?.privileged)).toBe(true);
  });
});
