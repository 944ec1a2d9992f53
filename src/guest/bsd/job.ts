// The job a BSD guest's boot hook reads from its job disk: data lines only (see hook.ts). Pure.
import type { BootJob } from '../os.js';
import { bsdTuningLines, checked, SAFE_WORD } from './tuning.js';
import type { BsdTraits } from './traits.js';

// As the BSDs print it in `ifconfig`: lower-case hex.
const MAC_ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function renderBsdJob(traits: BsdTraits, job: BootJob): string {
  // A BSD has no netem: its link is shaped on the host side of the tap (net/link-shaping.ts linkRefusal).
  if (job.netem !== undefined && job.netem.length > 0)
    throw new Error(`a ${traits.name} guest cannot shape its own link; netem belongs on the host side`);
  if (job.mac === undefined)
    throw new Error('a BSD guest finds its test interface by MAC: the job needs one');
  if (!Number.isInteger(job.iperf3Port) || job.iperf3Port < 1 || job.iperf3Port > 65535)
    throw new Error(`invalid iperf3 port in guest job: ${job.iperf3Port}`);
  return `${[
    ...bsdTuningLines(traits, job.sysctls),
    `mac ${checked(MAC_ADDRESS, job.mac, 'MAC address')}`,
    `address ${checked(SAFE_WORD, job.address, 'address')}`,
    ...traits.tcpKnobs.map((name) => `report ${checked(SAFE_WORD, name, 'sysctl name')}`),
    `iperf3 ${job.iperf3Port}`,
  ].join('\n')}\n`;
}
