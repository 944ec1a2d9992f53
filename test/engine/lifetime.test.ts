import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLifetime } from '../../src/engine/lifetime.js';
import { Ledger } from '../../src/net/ledger.js';
import type { ProcessTable } from '../../src/net/processes.js';
import { fakeExec } from '../proc/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-lifetime-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** No processes but those in `alive` (owner PIDs of other runs). */
const noProcesses = (alive: number[] = []): ProcessTable => ({
  argv: async () => undefined,
  uid: async () => undefined,
  kill: (pid) => {
    if (!alive.includes(pid)) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
  },
});

describe('openLifetime', () => {
  it('writes a ledger for a fresh run id at once', () => {
    const lifetime = openLifetime(join(dir, 'state'), { exec: fakeExec(), processes: noProcesses() });
    expect(lifetime.ledger.data.runId).toMatch(/^[0-9a-f]{6}$/);
    expect(lifetime.ledger.data.ownerPid).toBe(process.pid);
    expect(lifetime.ledger.data.ownerUid).toBe(process.getuid?.() ?? 0);
    expect(existsSync(lifetime.ledger.path)).toBe(true);
  });

  it('tears down once however often it is closed, then removes the ledger', async () => {
    const exec = fakeExec((argv) =>
      argv.join(' ') === 'ip netns list' ? { stdout: 'nicgate-x (id: 0)\n' } : {},
    );
    const lifetime = openLifetime(join(dir, 'state'), { exec, processes: noProcesses() });
    lifetime.ledger.record((d) => {
      d.netns = 'nicgate-x';
      d.taps.push('ngtx-0');
    });
    const problems = await Promise.all([lifetime.close(), lifetime.close()]);
    await lifetime.close();
    expect(problems).toEqual([[], []]);
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual([
      'ip -n nicgate-x link del dev ngtx-0',
      'ip link del dev ngtx-0',
      'ip netns list',
      'ip netns pids nicgate-x',
      'ip netns del nicgate-x',
    ]);
    expect(existsSync(lifetime.ledger.path)).toBe(false);
  });

  it('resolves a failing teardown as problems (never throws) and keeps the ledger for a later cleanup', async () => {
    const exec = fakeExec((argv) =>
      argv.join(' ') === 'ip netns list'
        ? { stdout: 'nicgate-x\n' }
        : argv.join(' ') === 'ip netns del nicgate-x'
          ? new Error('Device or resource busy')
          : {},
    );
    const lifetime = openLifetime(join(dir, 'state'), { exec, processes: noProcesses() });
    lifetime.ledger.record((d) => (d.netns = 'nicgate-x'));
    await expect(lifetime.close()).resolves.toEqual([
      'deleting namespace nicgate-x: Device or resource busy',
    ]);
    expect(existsSync(lifetime.ledger.path)).toBe(true);
  });

  it('leaves an ACL entry that another live run of this user also holds', async () => {
    const state = join(dir, 'state');
    const uid = process.getuid?.() ?? 0;
    const other = new Ledger(state, 'aaa111', { pid: 777, uid });
    other.record((d) => d.grants.push({ device: '/dev/kvm', uid }));
    const exec = fakeExec();
    const lifetime = openLifetime(state, { exec, processes: noProcesses([777]) });
    lifetime.ledger.record((d) =>
      d.grants.push({ device: '/dev/kvm', uid }, { device: '/dev/net/tun', uid }),
    );
    await lifetime.close();
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual([`setfacl -x u:${uid} /dev/net/tun`]);
  });
});
