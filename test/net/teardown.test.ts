import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, type LedgerData } from '../../src/net/ledger.js';
import { cleanupStale, teardown, type ProcessTable } from '../../src/net/teardown.js';
import { fakeExec } from '../proc/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-teardown-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Processes by PID with their command lines; a killed one is gone. `alive` lists owner PIDs still running. */
function processes(table: Record<number, string>, alive: number[] = []) {
  const killed: [number, NodeJS.Signals | 0][] = [];
  const fake: ProcessTable = {
    cmdline: async (pid) => table[pid] ?? '',
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
  runId: 'abc123',
  ownerPid: 1,
  taps: [],
  vms: [],
  ...extra,
});

describe('teardown', () => {
  it('kills only a QEMU whose command line names the tap (a reused PID is left alone)', async () => {
    const procs = processes({
      100: 'qemu-system-x86_64\0-netdev\0tap,id=net0,ifname=ngtabc123-0,script=no',
      200: 'bash\0-l',
    });
    await teardown(
      data({
        vms: [
          { pid: 100, tap: 'ngtabc123-0' },
          { pid: 200, tap: 'ngtabc123-1' },
        ],
      }),
      { exec: fakeExec(), processes: procs },
    );
    expect(procs.killed).toEqual([[100, 'SIGKILL']]);
  });

  it('deletes taps in and out of the namespace, then the namespace with its processes', async () => {
    const exec = fakeExec((argv) => {
      const line = argv.join(' ');
      if (line === 'ip netns list') return { stdout: 'other\nnicgate-abc123 (id: 3)\n' };
      if (line === 'ip netns pids nicgate-abc123') return { stdout: '4242\n4243\n' };
      return {};
    });
    await teardown(data({ netns: 'nicgate-abc123', taps: ['ngtabc123-0'] }), {
      exec,
      processes: processes({}),
    });
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
    await teardown(data({ netns: 'nicgate-abc123' }), { exec, processes: processes({}) });
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual(['ip netns list']);
  });

  it('removes a scratch directory only when nicgate named it', async () => {
    const ours = join(dir, 'nicgate-abc123');
    const theirs = join(dir, 'home');
    mkdirSync(ours);
    mkdirSync(theirs);
    await teardown(data({ scratchDir: ours }), { exec: fakeExec(), processes: processes({}) });
    await teardown(data({ scratchDir: theirs }), { exec: fakeExec(), processes: processes({}) });
    expect([existsSync(ours), existsSync(theirs)]).toEqual([false, true]);
  });
});

describe('cleanupStale', () => {
  function ledgerOf(runId: string, ownerPid: number): Ledger {
    const ledger = new Ledger(dir, runId);
    ledger.update((d) => {
      d.ownerPid = ownerPid;
      d.taps.push(`ngt${runId}-0`);
    });
    return ledger;
  }

  it('cleans runs whose owner is gone and leaves those still running', async () => {
    const dead = ledgerOf('dead01', 111);
    const live = ledgerOf('live01', 222);
    const exec = fakeExec();
    const cleaned = await cleanupStale(dir, { exec, processes: processes({}, [222]) });
    expect(cleaned).toEqual(['run dead01: 0 VM(s), 1 tap(s), namespace none']);
    expect(existsSync(dead.path)).toBe(false);
    expect(existsSync(live.path)).toBe(true);
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual(['ip link del dev ngtdead01-0']);
  });

  it('cleans every run with force (the post step)', async () => {
    ledgerOf('live01', 222);
    const cleaned = await cleanupStale(dir, { exec: fakeExec(), processes: processes({}, [222]) }, true);
    expect(cleaned).toHaveLength(1);
  });

  it('finds nothing in a state directory that does not exist', async () => {
    expect(await cleanupStale(join(dir, 'none'), { exec: fakeExec() })).toEqual([]);
  });
});
