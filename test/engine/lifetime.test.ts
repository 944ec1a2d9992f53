import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLifetime } from '../../src/engine/lifetime.js';
import type { ProcessTable } from '../../src/net/teardown.js';
import { fakeExec } from '../proc/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-lifetime-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const noProcesses: ProcessTable = { cmdline: async () => '', kill: () => undefined };

describe('openLifetime', () => {
  it('writes a ledger for a fresh run id at once', () => {
    const lifetime = openLifetime(join(dir, 'state'), { exec: fakeExec(), processes: noProcesses });
    expect(lifetime.ledger.data.runId).toMatch(/^[0-9a-f]{6}$/);
    expect(lifetime.ledger.data.ownerPid).toBe(process.pid);
    expect(existsSync(lifetime.ledger.path)).toBe(true);
  });

  it('tears down once however often it is closed, then removes the ledger', async () => {
    const exec = fakeExec((argv) =>
      argv.join(' ') === 'ip netns list' ? { stdout: 'nicgate-x (id: 0)\n' } : {},
    );
    const lifetime = openLifetime(join(dir, 'state'), { exec, processes: noProcesses });
    lifetime.ledger.update((d) => {
      d.netns = 'nicgate-x';
      d.taps.push('ngtx-0');
    });
    await Promise.all([lifetime.close(), lifetime.close()]);
    await lifetime.close();
    expect(exec.calls.map((call) => call.argv.join(' '))).toEqual([
      'ip -n nicgate-x link del dev ngtx-0',
      'ip link del dev ngtx-0',
      'ip netns list',
      'ip netns pids nicgate-x',
      'ip netns del nicgate-x',
    ]);
    expect(existsSync(lifetime.ledger.path)).toBe(false);
  });

  it('keeps the ledger when teardown fails, for a later cleanup', async () => {
    const exec = fakeExec((argv) =>
      argv.join(' ') === 'ip netns list'
        ? { stdout: 'nicgate-x\n' }
        : argv.join(' ') === 'ip netns del nicgate-x'
          ? new Error('Device or resource busy')
          : {},
    );
    const lifetime = openLifetime(join(dir, 'state'), { exec, processes: noProcesses });
    lifetime.ledger.update((d) => (d.netns = 'nicgate-x'));
    await expect(lifetime.close()).rejects.toThrow('Device or resource busy');
    expect(existsSync(lifetime.ledger.path)).toBe(true);
  });
});
