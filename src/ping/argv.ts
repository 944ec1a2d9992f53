// The RTT sampler's command line: iputils ping from the host namespace toward the guest.
import { assertBenchmarkAddress } from '../iperf3/client.js';

/**
 * Five probes a second (`-i 0.2`, which every iputils release allows without privileges; older
 * ones refused shorter), so a 2 s repetition gives about 10 RTTs; numeric output (`-n`: no DNS
 * lookup per reply) with arrival times (`-D`). Runs until stopped: the caller sends SIGINT when
 * the repetition ends, which makes ping print its statistics.
 */
export function buildPingSamplerArgv(address: string): string[] {
  assertBenchmarkAddress(address);
  return ['-n', '-i', '0.2', '-D', address];
}
