// The tested link: a private network namespace holding the host end of the guest's tap and the
// host's iperf3 peer. Nothing here touches the runner's own interfaces or sysctls. Commands go
// through the executor the caller passes.
import { readFile } from 'node:fs/promises';
import { TimeoutError } from '../common/errors.js';
import { shapingCommands } from './link-shaping.js';
import type { Exec } from '../proc/exec.js';
import type { LinkAddresses } from './addresses.js';

const priv = { privileged: true, timeoutMs: 30_000 } as const;

/**
 * The host peer's congestion control, whatever the runner's default (bbr on some images): a
 * fixed reference, so a `receive` result moves only with the guest. It does not follow the
 * scenario's profile, which tunes the guest; cubic is Linux's default and a stock guest's.
 * It is pinned on the route to the guest (`congctl`), which every host socket on the link uses
 * whoever owns it. A namespace's default cannot pin it: outside the initial namespace the kernel
 * lets only algorithms in the runner's tcp_allowed_congestion_control be the default, and that
 * list is the runner's (`reno bbr` on some).
 */
export const PEER_CONGESTION_CONTROL = 'cubic';

/** Socket buffers for the host peer, set inside the namespace only: never the bottleneck. */
const PEER_SYSCTLS = ['net.ipv4.tcp_rmem=4096 131072 67108864', 'net.ipv4.tcp_wmem=4096 65536 67108864'];

export async function createNamespace(name: string, exec: Exec): Promise<void> {
  await exec(['ip', 'netns', 'add', name], priv);
  await exec(['ip', '-n', name, 'link', 'set', 'lo', 'up'], priv);
  await exec(['ip', 'netns', 'exec', name, 'sysctl', '-q', '-w', ...PEER_SYSCTLS], priv);
}

/**
 * Whether the host kernel offers what host-side link emulation uses (netem under a prio root with
 * a u32 filter, link-shaping.ts): built on the namespace's own loopback, then removed.
 */
export async function hostHasNetem(netns: string, exec: Exec): Promise<boolean> {
  let ok = true;
  for (const words of shapingCommands('lo', ['delay', '0ms'], 1, true)) {
    const added = await exec(['tc', '-n', netns, ...words], { ...priv, allowFailure: true });
    if (added.code !== 0) {
      ok = false;
      break;
    }
  }
  await exec(['tc', '-n', netns, 'qdisc', 'del', 'dev', 'lo', 'root'], { ...priv, allowFailure: true });
  return ok;
}

/** A persistent tap owned by `uid`, so QEMU can open it without privileges. */
export async function createTap(tap: string, uid: number, exec: Exec): Promise<void> {
  await exec(['ip', 'tuntap', 'add', 'dev', tap, 'mode', 'tap', 'user', String(uid)], priv);
  await exec(['ip', 'link', 'set', 'dev', tap, 'up'], priv);
}

/** Whether the tap's carrier is up, read from sysfs (the tap is still in the runner's namespace). */
export async function tapCarrierUp(tap: string): Promise<boolean> {
  const carrier = await readFile(`/sys/class/net/${tap}/carrier`, 'utf8').catch(() => '0');
  return carrier.trim() === '1';
}

/** Waits until a process (QEMU) has the tap open: its carrier comes up on attach. */
export async function waitTapAttached(
  tap: string,
  timeoutMs: number,
  stillRunning: () => boolean,
  carrierUp: (tap: string) => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillRunning()) {
    if (await carrierUp(tap)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (stillRunning()) throw new TimeoutError(`QEMU opening tap ${tap}`, timeoutMs);
}

/**
 * Moves the (already opened) tap into the namespace, gives it the host address, and pins the
 * host peer's congestion control on the link's route.
 */
export async function moveTapIntoNamespace(
  tap: string,
  netns: string,
  addresses: Pick<LinkAddresses, 'network' | 'host' | 'prefixLength'>,
  exec: Exec,
): Promise<void> {
  await exec(['ip', 'link', 'set', 'dev', tap, 'netns', netns], priv);
  await exec(
    ['ip', '-n', netns, 'addr', 'add', `${addresses.host}/${addresses.prefixLength}`, 'dev', tap],
    priv,
  );
  await exec(['ip', '-n', netns, 'link', 'set', 'dev', tap, 'up'], priv);
  await exec(
    [
      'ip',
      '-n',
      netns,
      'route',
      'replace',
      `${addresses.network}/${addresses.prefixLength}`,
      'dev',
      tap,
      'proto',
      'kernel',
      'scope',
      'link',
      'src',
      addresses.host,
      'congctl',
      PEER_CONGESTION_CONTROL,
    ],
    priv,
  );
}

/** netem on the host side of the tap, iperf3's control connection to `iperf3Port` left unshaped. */
export async function addHostNetem(
  netns: string,
  tap: string,
  netemWords: readonly string[],
  iperf3Port: number,
  exec: Exec,
): Promise<void> {
  for (const words of shapingCommands(tap, netemWords, iperf3Port, true))
    await exec(['tc', '-n', netns, ...words], priv);
}

/** Removes a tap wherever it is (the namespace or, before the move, the runner's). */
export async function deleteTap(tap: string, netns: string | undefined, exec: Exec): Promise<void> {
  if (netns) await exec(['ip', '-n', netns, 'link', 'del', 'dev', tap], { ...priv, allowFailure: true });
  await exec(['ip', 'link', 'del', 'dev', tap], { ...priv, allowFailure: true });
}

async function namespaceExists(netns: string, exec: Exec): Promise<boolean> {
  const list = await exec(['ip', 'netns', 'list'], { ...priv, allowFailure: true });
  return list.stdout.split('\n').some((line) => line.split(/\s+/)[0] === netns);
}

/** Ends every process inside the namespace (the iperf3 peer, started under sudo: stopped under sudo). */
async function killNamespaceProcesses(netns: string, exec: Exec): Promise<number> {
  const pids = await exec(['ip', 'netns', 'pids', netns], { ...priv, allowFailure: true });
  const list = pids.stdout.split(/\s+/).filter((pid) => /^\d+$/.test(pid));
  if (list.length > 0) await exec(['kill', '-KILL', ...list], { ...priv, allowFailure: true });
  return list.length;
}

export async function deleteNamespace(netns: string, exec: Exec): Promise<void> {
  if (!(await namespaceExists(netns, exec))) return;
  await killNamespaceProcesses(netns, exec);
  await exec(['ip', 'netns', 'del', netns], priv);
}
