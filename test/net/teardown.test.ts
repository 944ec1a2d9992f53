import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, type LedgerData } from '../../src/net/ledger.js';
import type { ProcessTable } from '../../src/net/processes.js';
import { cleanupStale, teardown } from '../../src/net/teardown.js';
import { fakeExec } from '../proc/fakes.js';

const UID = process.getuid?.() ?? 0;
const QEMU_ARGV = ['qemu-system-x86_64', '-netdev', 'tap,id=net0,ifname=ngtabc123-0,script=no', '-m', '512M'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-teardown-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface FakeProcess {
  argv: string[];
  uid?: number;
}

/** Processes by PID; a killed one is gone. `alive` lists owner PIDs still running. */
function processes(table: Record<number, FakeProcess>, alive: number[] = []) {
  const killed: [number, NodeJS.Signals | 0][] = [];
  const fake: ProcessTable = {
    argv: async (pid) => table[pid]?.argv,
    uid: async (pid) => (table[pid] ? (table[pid].uid ?? UID) : undefined),
    kill: (pid, signal) => {
      if (signal === 0) {
        if (alive.includes(pid)) return;
        throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
      }
      killed.push([pid, signal]);
      delete table[pid];
    },
  };
  return Object.assign(fake, { killed });
}

const data = (extra: Partial<LedgerData>): LedgerData => ({
  version: 1,
  runId: 'abc123',
  ownerPid: 1,
  ownerUid: UID,
  taps: [],
  vms: [],
  grants: [],
  ...extra,
});
const scope = () => ({ scratchBases: [dir] });

describe('teardown', () => {
  it('kills only a QEMU of this user with exactly the recorded argv, not one that merely names the tap', async () => {
    const procs = processes({
      100: { argv: [...QEMU_ARGV] },
      // A reused PID whose command line also contains ifname=ngtabc123-0.
      200: { argv: ['sh', '-c', 'echo ifname=ngtabc123-0 qemu-system-x86_64'] },
      // The same argv, but another user's process.
      300: { argv: [...QEMU_ARGV], uid: UID + 1 },
    });
    const problems = await teardown(
      data({
        vms: [
          { pid: 100, argv: QEMU_ARGV, tap: 'ngtabc123-0' },
          { pid: 200, argv: QEMU_ARGV, tap: 'ngtabc123-0' },
          { pid: 300, argv: QEMU_ARGV, tap: 'ngtabc123-0' },
        ],
      }),
      { exec: fakeExec(), processes: procs },
      scope(),
    );
    expect(problems).toEqual([]);
    expect(procs.killed).toEqual([[100, 'SIGKILL']]);
  });

  it('deletes taps in and out of the namespace, then the namespace with its processes', async () => {
    const exec = fakeExec((argv) => {
      const line = argv.join(' ');
      if (line === 'ip netns list') return { stdout: 'other\nnicgate-abc123 (id: 3)\n' };
      if (line === 'ip netns pids nicgate-abc123') return { stdout: '4242\n4243\n' };
      return {};
    });
    await teardown(
      data({ netns: 'nicgate-abc123', taps: ['ngtabc123-0'] }),
      { exec, processes: processes({}) },
      scope(),
    );
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual([
      'ip -n nicgate-abc123 link del dev ngtabc123-0',
      'ip link del dev ngtabc123-0',
      'ip netns list',
      'ip netns pids nicgate-abc123',
      'kill -KILL 4242 4243',
      'ip netns del nicgate-abc123',
    ]);
    expect(exec.calls.every((call) => call.options.privileged)).toBe(true);
  });

  it('leaves a namespace that is already gone', async () => {
    const exec = fakeExec(() => ({ stdout: '' }));
    await teardown(data({ netns: 'nicgate-abc123' }), { exec, processes: processes({}) }, scope());
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual(['ip netns list']);
  });

  it('removes the scratch directory only when it is exactly the one derived from the run id', async () => {
    const ours = join(dir, 'nicgate-abc123-Ab12Cd');
    const oldName = join(dir, 'nicgate-abc123');
    const otherRun = join(dir, 'nicgate-fff000-Ab12Cd');
    const elsewhere = join(dir, 'sub', 'nicgate-abc123-Ab12Cd');
    for (const path of [ours, oldName, otherRun, elsewhere]) mkdirSync(path, { recursive: true });
    const results = [];
    for (const scratchDir of [ours, oldName, otherRun, elsewhere, `${dir}/sub/../nicgate-abc123-Zz12Zz`])
      results.push(await teardown(data({ scratchDir }), { exec: fakeExec() }, scope()));
    expect([existsSync(ours), existsSync(oldName), existsSync(otherRun), existsSync(elsewhere)]).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(results[0]).toEqual([]);
    for (const problems of results.slice(1)) expect(problems[0]).toContain('not a directory nicgate creates');
  });

  it('does not follow a symlink planted as the scratch directory', async () => {
    const target = join(dir, 'precious');
    mkdirSync(target);
    writeFileSync(join(target, 'file'), 'keep');
    symlinkSync(target, join(dir, 'nicgate-abc123-Ab12Cd'));
    const problems = await teardown(
      data({ scratchDir: join(dir, 'nicgate-abc123-Ab12Cd') }),
      { exec: fakeExec() },
      scope(),
    );
    expect(problems[0]).toContain('not a directory owned by this user');
    expect(existsSync(join(target, 'file'))).toBe(true);
  });

  it('removes the ACL entries the run added, unless another live run relies on one', async () => {
    const exec = fakeExec();
    const grants = [
      { device: '/dev/kvm' as const, uid: UID },
      { device: '/dev/net/tun' as const, uid: UID },
    ];
    await teardown(data({ grants }), { exec }, { ...scope(), keepGrants: new Set(['/dev/kvm' as const]) });
    expect(exec.calls.map((call) => [call.argv.join(' '), call.options.privileged])).toEqual([
      [`setfacl -x u:${UID} /dev/net/tun`, true],
    ]);
  });

  it('reports a failing step and still runs the others', async () => {
    const scratch = join(dir, 'nicgate-abc123-Ab12Cd');
    mkdirSync(scratch);
    const exec = fakeExec((argv) => {
      const line = argv.join(' ');
      if (line === 'ip netns list') return { stdout: 'nicgate-abc123\n' };
      if (line === 'ip netns del nicgate-abc123') return new Error('Device or resource busy');
      return {};
    });
    const problems = await teardown(
      data({ netns: 'nicgate-abc123', scratchDir: scratch, grants: [{ device: '/dev/net/tun', uid: UID }] }),
      { exec, processes: processes({}) },
      scope(),
    );
    expect(problems).toEqual(['deleting namespace nicgate-abc123: Device or resource busy']);
    expect(existsSync(scratch)).toBe(false);
    expect(exec.calls.at(-1)!.argv[0]).toBe('setfacl');
  });
});

describe('cleanupStale', () => {
  function ledgerOf(runId: string, ownerPid: number): Ledger {
    const ledger = new Ledger(dir, runId, { pid: ownerPid, uid: UID });
    ledger.record((d) => d.taps.push(`ngt${runId}-0`));
    return ledger;
  }

  const plant = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('cleans runs whose owner is gone and leaves those still running', async () => {
    const dead = ledgerOf('dead01', 111);
    const live = ledgerOf('0a1ce1', 222);
    const exec = fakeExec();
    const cleaned = await cleanupStale(dir, { exec, processes: processes({}, [222]) });
    expect(cleaned).toEqual({ cleaned: ['run dead01: 0 VM(s), 1 tap(s), namespace none'], warnings: [] });
    expect(existsSync(dead.path)).toBe(false);
    expect(existsSync(live.path)).toBe(true);
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual(['ip link del dev ngtdead01-0']);
  });

  it('cleans every run with force (the post step)', async () => {
    ledgerOf('0a1ce1', 222);
    const { cleaned } = await cleanupStale(dir, { exec: fakeExec(), processes: processes({}, [222]) }, true);
    expect(cleaned).toHaveLength(1);
  });

  it('finds nothing in a state directory that does not exist', async () => {
    expect(await cleanupStale(join(dir, 'none'), { exec: fakeExec() })).toEqual({
      cleaned: [],
      warnings: [],
    });
  });

  const valid = (extra: Record<string, unknown> = {}) => ({ ...data({ ownerPid: 111 }), ...extra });
  const planted: [string, unknown, string][] = [
    ['a host interface as a tap', valid({ taps: ['docker0'] }), 'tap "docker0" is not one of run abc123\'s'],
    ['another namespace', valid({ netns: 'prod' }), 'namespace "prod" is not nicgate-abc123'],
    [
      'a directory to delete',
      valid({ scratchDir: '/home' }),
      'scratch directory "/home" is not one nicgate creates',
    ],
    ['another user', valid({ ownerUid: UID + 1 }), `belongs to uid ${UID + 1}`],
    ['VMs that are not a list', valid({ vms: 5 }), 'not a nicgate ledger (vms:'],
    [
      'a VM matched by its tap only',
      valid({ vms: [{ pid: 100, tap: 'ngtabc123-0' }] }),
      'not a nicgate ledger',
    ],
    [
      'a VM that is not QEMU',
      valid({ vms: [{ pid: 100, argv: ['bash'] }] }),
      'VM 100 is not a QEMU command line',
    ],
    ['an unknown field', valid({ rm: '/' }), 'not a nicgate ledger'],
    ['a bad run id', valid({ runId: '../../x' }), 'not a nicgate ledger (runId:'],
    ['no JSON at all', '{"runId": "abc123", ', 'is not JSON'],
    ['JSON null', 'null', 'not a nicgate ledger'],
  ];

  it.each(planted)(
    'ignores, with a warning, a ledger naming %s: nothing is run, nothing throws',
    async (_what, content, reason) => {
      const path = plant('run-abc123.json', content);
      const exec = fakeExec();
      const procs = processes({ 100: { argv: ['bash'] } });
      const result = await cleanupStale(dir, { exec, processes: procs }, true);
      expect(result.cleaned).toEqual([]);
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toContain(`ignored ${path}: `);
      expect(result.warnings[0]).toContain(reason);
      expect(exec.calls).toEqual([]);
      expect(procs.killed).toEqual([]);
      expect(existsSync(path)).toBe(true);
    },
  );

  it('ignores a ledger whose file name names another run, and a symlink', async () => {
    plant('run-fff000.json', valid());
    writeFileSync(join(dir, 'elsewhere.json'), JSON.stringify(valid()));
    symlinkSync(join(dir, 'elsewhere.json'), join(dir, 'run-abc123.json'));
    const result = await cleanupStale(dir, { exec: fakeExec(), processes: processes({}) }, true);
    expect(result.warnings.map((w) => w.replace(dir, '<dir>'))).toEqual([
      'ignored <dir>/run-abc123.json: is not a regular file',
      'ignored <dir>/run-fff000.json: names run abc123, not its own',
    ]);
  });

  it('still cleans the good ledgers beside a bad one', async () => {
    plant('run-abc123.json', valid({ vms: 5 }));
    ledgerOf('dead01', 111);
    const result = await cleanupStale(dir, { exec: fakeExec(), processes: processes({}) });
    expect(result.cleaned).toEqual(['run dead01: 0 VM(s), 1 tap(s), namespace none']);
    expect(result.warnings).toHaveLength(1);
  });

  it('keeps a ledger whose teardown failed, with a warning, for the next try', async () => {
    const ledger = ledgerOf('dead01', 111);
    ledger.record((d) => (d.netns = 'nicgate-dead01'));
    const exec = fakeExec((argv) =>
      argv.join(' ') === 'ip netns list'
        ? { stdout: 'nicgate-dead01\n' }
        : argv.join(' ') === 'ip netns del nicgate-dead01'
          ? new Error('busy')
          : {},
    );
    const result = await cleanupStale(dir, { exec, processes: processes({}) });
    expect(result).toEqual({
      cleaned: [],
      warnings: ['run dead01: deleting namespace nicgate-dead01: busy'],
    });
    expect(existsSync(ledger.path)).toBe(true);
  });

  it("removes temporaries of ledger writes whose process died, and keeps a live writer's", async () => {
    const dead = plant('.run-abc123.json.999999999-0123abcd.tmp', '{');
    const live = plant(`.run-abc123.json.${process.pid}-0123abcd.tmp`, '{');
    await cleanupStale(dir, { exec: fakeExec(), processes: processes({}) });
    expect([existsSync(dead), existsSync(live)]).toEqual([false, true]);
  });
});
