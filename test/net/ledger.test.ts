import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, LedgerClosedError, type LedgerData } from '../../src/net/ledger.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-ledger-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = (ledger: Ledger): LedgerData => JSON.parse(readFileSync(ledger.path, 'utf8')) as LedgerData;

describe('Ledger', () => {
  it('writes a versioned ledger naming its owner, readable only by this user, with no temporaries left', () => {
    const ledger = new Ledger(join(dir, 'state'), 'abc123', { pid: 4242, uid: 1000 });
    expect(onDisk(ledger)).toEqual({
      version: 1,
      runId: 'abc123',
      ownerPid: 4242,
      ownerUid: 1000,
      taps: [],
      vms: [],
      grants: [],
    });
    expect(statSync(ledger.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'state'))).toEqual(['run-abc123.json']);
  });

  it('records before a creation runs, and what it made once it ran', async () => {
    const ledger = new Ledger(dir, 'abc123');
    let seenDuring: LedgerData | undefined;
    const made = await ledger.create(
      { before: (d) => d.taps.push('ngtabc123-0'), after: (d, path: string) => (d.scratchDir = path) },
      async () => {
        seenDuring = onDisk(ledger);
        return '/dev/shm/nicgate-abc123-Xy12Zq';
      },
    );
    expect(made).toBe('/dev/shm/nicgate-abc123-Xy12Zq');
    expect(seenDuring).toMatchObject({ taps: ['ngtabc123-0'] });
    expect(seenDuring!.scratchDir).toBeUndefined();
    expect(onDisk(ledger)).toMatchObject({
      taps: ['ngtabc123-0'],
      scratchDir: '/dev/shm/nicgate-abc123-Xy12Zq',
    });
  });

  it('refuses new objects once sealed, but still records removals', async () => {
    const ledger = new Ledger(dir, 'abc123');
    ledger.record((d) => d.taps.push('ngtabc123-0'));
    await ledger.seal();
    expect(ledger.closed).toBe(true);
    expect(() => ledger.record((d) => d.taps.push('ngtabc123-1'))).toThrow(LedgerClosedError);
    let ran = false;
    await expect(
      ledger.create({ before: (d) => d.taps.push('ngtabc123-2') }, async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(LedgerClosedError);
    expect(ran).toBe(false);
    ledger.forget((d) => (d.taps = []));
    expect(onDisk(ledger).taps).toEqual([]);
  });

  it('seals only after the creations under way have ended, so teardown sees what they made', async () => {
    const ledger = new Ledger(dir, 'abc123');
    let finish: () => void = () => undefined;
    const creating = ledger.create({ before: (d) => d.taps.push('ngtabc123-0') }, async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      return 'made';
    });
    let sealed = false;
    const sealing = ledger.seal().then(() => (sealed = true));
    // Sealing does no I/O: once every pending promise job has run, a seal that did not wait is done.
    await new Promise((resolve) => setImmediate(resolve));
    // A signal arrived while `ip tuntap add` ran: teardown must wait for it, not race it.
    expect(sealed).toBe(false);
    finish();
    await sealing;
    await expect(creating).resolves.toBe('made');
    expect(ledger.data.taps).toEqual(['ngtabc123-0']);
  });

  it('seals even when a creation under way fails', async () => {
    const ledger = new Ledger(dir, 'abc123');
    const failing = ledger.create({}, async () => {
      throw new Error('ip: RTNETLINK answers: File exists');
    });
    await ledger.seal();
    await expect(failing).rejects.toThrow('File exists');
  });
});
