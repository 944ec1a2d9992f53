// The BSD boot hook, run for real under this machine's /bin/sh (dash, a POSIX shell as strict as
// the BSDs' own) with stand-ins for the BSD tools: sysctl with a value store, kldload that makes
// BBR available, ifconfig that lists a FreeBSD- or NetBSD-style interface, netstat and iperf3.
import { jest } from '@jest/globals';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bsdBootHook, defaultHookPaths, type HookPaths } from '../../../src/guest/bsd/hook.js';
import { renderBsdJob } from '../../../src/guest/bsd/job.js';
import { buildTar } from '../../../src/guest/disk/tar.js';
import { parseGuestLine, type GuestEvent } from '../../../src/guest/protocol.js';
import { BSDS, type BsdName } from './bsds.js';

jest.setTimeout(30_000);

const MAC = '52:54:00:00:00:02';
const GOLDEN = new URL('../../../fixtures/guest-scripts/', import.meta.url);

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nicgate-bsd-hook-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function tool(name: string, body: string): void {
  const path = join(root, 'bin', name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/** Stand-ins, each logging its arguments; sysctl keeps values as files under store/. */
function standIns(ifconfigListing: string, values: Record<string, string>): void {
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'store'));
  for (const [name, value] of Object.entries(values)) writeFileSync(join(root, 'store', name), `${value}\n`);
  const log = `echo "$(basename "$0") $*" >> ${root}/calls`;
  tool(
    'sysctl',
    `${log}
if [ "$1" = -n ]; then cat "${root}/store/$2" 2>/dev/null || exit 1; exit 0; fi
name="\${1%%=*}"; value="\${1#*=}"
[ -f "${root}/store/$name" ] || { echo "sysctl: unknown oid '$name'" >&2; exit 1; }
printf '%s\\n' "$value" > "${root}/store/$name"`,
  );
  tool(
    'kldload',
    `${log}
[ "$2" = tcp_bbr ] || { echo "kldload: can't load $2" >&2; exit 1; }
[ -f "${root}/no-bbr" ] || printf 'bbr                               bbr                              0\\n' >> "${root}/store/net.inet.tcp.functions_available"`,
  );
  writeFileSync(join(root, 'ifconfig-a'), ifconfigListing);
  tool('ifconfig', `${log}\n[ "$1" = -a ] && cat ${root}/ifconfig-a\nexit 0`);
  tool('iperf3', `${log}\ntouch ${root}/listening\nexec sleep 30`);
  tool(
    'netstat',
    `[ -f ${root}/listening ] && echo 'tcp4       0      0 *.5201                 *.*                    LISTEN'\nexit 0`,
  );
  tool('stty', 'exit 0');
  tool('shutdown', log);
}

function paths(): HookPaths {
  return {
    controlDevice: join(root, 'ttyu1'),
    jobDevice: join(root, 'job.tar'),
    runDir: join(root, 'run'),
    searchPath: `${join(root, 'bin')}:/usr/bin:/bin`,
  };
}

/** Runs the hook in its own process group (its iperf3 loop stays behind, as on a guest), then ends the group. */
async function runHook(
  os: BsdName,
  job: string,
): Promise<{ events: GuestEvent[]; calls: string[]; code: number | null }> {
  writeFileSync(join(root, 'job.tar'), buildTar([{ path: 'job', data: Buffer.from(job) }]));
  const hook = join(root, 'hook');
  writeFileSync(hook, bsdBootHook(BSDS[os].traits, paths()));
  const child = spawn('/bin/sh', [hook], { detached: true, stdio: 'ignore' });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // The group is gone already.
  }
  const read = (name: string): string[] =>
    existsSync(join(root, name)) ? readFileSync(join(root, name), 'utf8').trim().split('\n') : [];
  return { events: read('ttyu1').flatMap((line) => parseGuestLine(line) ?? []), calls: read('calls'), code };
}

const FREEBSD_IFCONFIG = `vtnet0: flags=8802<BROADCAST,SIMPLEX,MULTICAST> metric 0 mtu 1500
\toptions=4c079b<RXCSUM,TXCSUM,VLAN_MTU>
\tether ${MAC}
\tmedia: Ethernet autoselect (10Gbase-T <full-duplex>)
lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384
\tinet 127.0.0.1 netmask 0xff000000
`;

const FREEBSD_VALUES = {
  'kern.ipc.maxsockbuf': '2097152',
  'net.inet.tcp.sendbuf_max': '2097152',
  'net.inet.tcp.recvbuf_max': '2097152',
  'net.inet.tcp.functions_default': 'freebsd',
  'net.inet.tcp.functions_available':
    'Stack                           D Alias                            PCB count\nfreebsd                         * freebsd                          3',
  'net.inet.tcp.cc.algorithm': 'newreno',
};

const job = (os: BsdName, profile: 'stock' | 'tuned') =>
  renderBsdJob(BSDS[os].traits, {
    sysctls: BSDS[os].os.builtinTuning[profile].sysctls,
    address: '198.18.0.2/30',
    iperf3Port: 5201,
    mac: MAC,
  });

describe('the BSD boot hook', () => {
  it.each(['freebsd', 'netbsd', 'openbsd', 'dragonfly'] as const)(
    '%s: matches its golden file and parses as POSIX sh',
    (os) => {
      const text = bsdBootHook(BSDS[os].traits);
      expect(text).toBe(readFileSync(new URL(`bsd-hook-${os}.sh`, GOLDEN), 'utf8'));
      const file = join(root, 'hook.sh');
      writeFileSync(file, text);
      execFileSync('/bin/sh', ['-n', file]);
      expect(text).toContain(`ctl=${defaultHookPaths(BSDS[os].traits).controlDevice}\n`);
    },
  );

  it('FreeBSD tuned: applies in order, loads tcp_bbr before choosing BBR, reads each value back, then serves', async () => {
    standIns(FREEBSD_IFCONFIG, FREEBSD_VALUES);
    const { events, calls, code } = await runHook('freebsd', job('freebsd', 'tuned'));
    expect(code).toBe(0);
    expect(events.filter((e) => e.type === 'sysctl')).toEqual([
      { type: 'sysctl', name: 'kern.ipc.maxsockbuf', value: '18874368' },
      { type: 'sysctl', name: 'net.inet.tcp.sendbuf_max', value: '16777216' },
      { type: 'sysctl', name: 'net.inet.tcp.recvbuf_max', value: '16777216' },
      { type: 'sysctl', name: 'net.inet.tcp.functions_default', value: 'bbr' },
    ]);
    const kldload = calls.indexOf('kldload -n tcp_bbr');
    expect(kldload).toBeGreaterThan(calls.indexOf('sysctl net.inet.tcp.recvbuf_max=16777216'));
    expect(kldload).toBeLessThan(calls.indexOf('sysctl net.inet.tcp.functions_default=bbr'));
    expect(calls).toContain('ifconfig vtnet0 inet 198.18.0.2/30 up');
    // -J: the server's own document, with TCP's figures of the sending end, for --get-server-output.
    expect(calls).toContain('iperf3 -s -J -p 5201');
    expect(events).toContainEqual({ type: 'iface', name: 'vtnet0' });
    expect(events).toContainEqual({ type: 'effective', name: 'net.inet.tcp.cc.algorithm', value: 'newreno' });
    expect(events.at(-1)).toEqual({ type: 'ready', port: 5201 });
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });

  it('FreeBSD without BBR: the stack is not chosen and is reported skipped, the rest applies', async () => {
    standIns(FREEBSD_IFCONFIG, FREEBSD_VALUES);
    writeFileSync(join(root, 'no-bbr'), '');
    const { events, calls } = await runHook('freebsd', job('freebsd', 'tuned'));
    expect(events).toContainEqual({ type: 'skipped', name: 'net.inet.tcp.functions_default' });
    expect(calls).not.toContain('sysctl net.inet.tcp.functions_default=bbr');
    expect(events.at(-1)).toEqual({ type: 'ready', port: 5201 });
  });

  it('NetBSD: finds the interface by the MAC its ifconfig prints as "address:", and fails on a missing sysctl', async () => {
    const listing = `vioif0: flags=0x8802<BROADCAST,SIMPLEX,MULTICAST> mtu 1500\n\taddress: ${MAC}\n\tmedia: Ethernet autoselect\n`;
    standIns(listing, { 'net.inet.tcp.sendbuf_max': '262144' });
    const { events, calls } = await runHook('netbsd', job('netbsd', 'tuned'));
    expect(events).toContainEqual({
      type: 'error',
      message: 'sysctl kern.sbmax is not available in the guest kernel',
    });
    expect(calls).toContain('shutdown -p now');
    expect(events.some((e) => e.type === 'ready')).toBe(false);

    rmSync(join(root, 'calls'));
    rmSync(join(root, 'ttyu1'));
    const stock = await runHook('netbsd', job('netbsd', 'stock'));
    expect(stock.events).toContainEqual({ type: 'iface', name: 'vioif0' });
    expect(stock.events.at(-1)).toEqual({ type: 'ready', port: 5201 });
  });

  it('a server that cannot listen fails the boot with the error its -J document carries on stdout', async () => {
    standIns(FREEBSD_IFCONFIG, FREEBSD_VALUES);
    // iperf3 3.12 -s -J on a port in use: the reason goes to stdout as JSON, stderr says only this.
    tool(
      'iperf3',
      `printf '{\\n\\t"error":\\t"error - unable to start listener for connections: Address already in use"\\n}\\n'\necho 'iperf3: exiting' >&2\nexit 1`,
    );
    const { events } = await runHook('freebsd', job('freebsd', 'stock'));
    const error = events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ message: expect.stringContaining('Address already in use') });
    expect(error).toMatchObject({ message: expect.stringMatching(/^iperf3 server did not start: /) });
  });

  it('fails clearly when no interface has the MAC (OpenBSD prints it as lladdr)', async () => {
    standIns(
      'em0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> mtu 1500\n\tlladdr 52:54:00:00:09:09\n',
      {},
    );
    const { events } = await runHook('openbsd', job('openbsd', 'stock'));
    expect(events).toContainEqual({
      type: 'error',
      message: `no interface has MAC ${MAC} (is its driver in the guest kernel?)`,
    });
  });

  it('never evaluates job text: a value with shell syntax reaches sysctl as one literal argument', async () => {
    standIns(FREEBSD_IFCONFIG, { 'kern.x': '1' });
    const pwned = join(root, 'pwned');
    const { calls } = await runHook(
      'freebsd',
      `sysctl kern.x $(touch ${pwned}) ; touch ${pwned}\nmac ${MAC}\n`,
    );
    expect(existsSync(pwned)).toBe(false);
    expect(calls).toContain(`sysctl kern.x=$(touch ${pwned}) ; touch ${pwned}`);
  });
});
