import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDeviceAccess, opensReadWrite, revokeDeviceAccess } from '../../src/net/device-access.js';
import { Ledger, type LedgerData } from '../../src/net/ledger.js';
import { fakeExec } from '../proc/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-device-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ledgerFor = (uid: number): Ledger => new Ledger(dir, 'abc123', { pid: process.pid, uid });
const onDisk = (ledger: Ledger): LedgerData => JSON.parse(readFileSync(ledger.path, 'utf8')) as LedgerData;

describe('ensureDeviceAccess', () => {
  it('changes nothing when the user can already open the device', async () => {
    const ledger = ledgerFor(1000);
    const exec = fakeExec();
    const ok = await ensureDeviceAccess('/dev/kvm', ledger, {
      exec,
      canOpen: () => true,
      exists: () => true,
    });
    expect(ok).toBe(true);
    expect(exec.calls).toEqual([]);
    expect(ledger.data.grants).toEqual([]);
  });

  it('grants this user only, with an ACL entry recorded in the ledger before it is added (never chmod)', async () => {
    const ledger = ledgerFor(1000);
    let granted = false;
    const seen: LedgerData[] = [];
    const exec = fakeExec(() => {
      seen.push(onDisk(ledger));
      granted = true;
      return {};
    });
    const ok = await ensureDeviceAccess('/dev/net/tun', ledger, {
      exec,
      canOpen: () => granted,
      exists: () => true,
    });
    expect(ok).toBe(true);
    expect(exec.calls).toEqual([
      {
        argv: ['setfacl', '-m', 'u:1000:rw', '/dev/net/tun'],
        options: { privileged: true, timeoutMs: 30_000, allowFailure: true },
      },
    ]);
    expect(seen[0]!.grants).toEqual([{ device: '/dev/net/tun', uid: 1000 }]);
    expect(exec.calls.some((call) => call.argv[0] === 'chmod')).toBe(false);
  });

  it('says no when the grant did not help, keeping the record for teardown', async () => {
    const ledger = ledgerFor(1000);
    const exec = fakeExec(() => ({ code: 1, stderr: 'setfacl: Operation not supported' }));
    const ok = await ensureDeviceAccess('/dev/kvm', ledger, {
      exec,
      canOpen: () => false,
      exists: () => true,
    });
    expect(ok).toBe(false);
    expect(ledger.data.grants).toEqual([{ device: '/dev/kvm', uid: 1000 }]);
  });

  it('does nothing for a device that does not exist, or for root', async () => {
    const exec = fakeExec();
    const missing = await ensureDeviceAccess('/dev/kvm', ledgerFor(1000), {
      exec,
      canOpen: () => false,
      exists: () => false,
    });
    const root = await ensureDeviceAccess('/dev/kvm', ledgerFor(0), {
      exec,
      canOpen: () => false,
      exists: () => true,
    });
    expect([missing, root]).toEqual([false, false]);
    expect(exec.calls).toEqual([]);
  });

  it('claims an entry another live run added, so that run leaves it in place for this one', async () => {
    const ledger = ledgerFor(1000);
    const exec = fakeExec();
    await ensureDeviceAccess('/dev/kvm', ledger, {
      exec,
      canOpen: () => true,
      heldByOtherRun: async (device) => device === '/dev/kvm',
    });
    expect(exec.calls).toEqual([]);
    expect(onDisk(ledger).grants).toEqual([{ device: '/dev/kvm', uid: 1000 }]);
  });
});

describe('opensReadWrite', () => {
  it('opens the node for reading and writing, where access(2) on its mode bits would say yes for less', () => {
    const file = join(dir, 'node');
    writeFileSync(file, '');
    expect(opensReadWrite(file)).toBe(true);
    // Readable and writable by its mode, and still no device QEMU could use: the open says so.
    expect(opensReadWrite(dir)).toBe(false);
    expect(opensReadWrite(join(dir, 'missing'))).toBe(false);
  });
});

describe('revokeDeviceAccess', () => {
  it('removes the entry, privileged', async () => {
    const exec = fakeExec();
    await revokeDeviceAccess({ device: '/dev/kvm', uid: 1000 }, exec);
    expect(exec.calls.map((call) => [call.argv.join(' '), call.options.privileged])).toEqual([
      ['setfacl -x u:1000 /dev/kvm', true],
    ]);
  });

  it('accepts a device that has gone, and throws on another failure', async () => {
    const gone = fakeExec(() => ({ code: 1, stderr: 'setfacl: /dev/kvm: No such file or directory' }));
    await expect(revokeDeviceAccess({ device: '/dev/kvm', uid: 1000 }, gone)).resolves.toBeUndefined();
    const refused = fakeExec(() => ({ code: 1, stderr: 'sudo: a password is required' }));
    await expect(revokeDeviceAccess({ device: '/dev/kvm', uid: 1000 }, refused)).rejects.toThrow(
      'a password is required',
    );
  });
});
