import { readFileSync } from 'node:fs';
import {
  busyTicks,
  outsideCores,
  processTicks,
  sampleHostCpu,
  type CpuSnapshot,
} from '../../src/engine/host-cpu.js';

const PROC_STAT = [
  //    user nice system idle iowait irq softirq steal guest guest_nice
  'cpu  10 20 30 4000 500 6 7 8 9 10',
  'cpu0 5 10 15 2000 250 3 3 4 4 5',
  'cpu1 5 10 15 2000 250 3 4 4 5 5',
  'intr 123456 0 0',
  'ctxt 987654',
  'btime 1700000000',
].join('\n');

describe('busyTicks', () => {
  it('sums everything but idle and iowait from the all-CPU line (guest time is already in user)', () => {
    expect(busyTicks(PROC_STAT)).toBe(10 + 20 + 30 + 6 + 7 + 8);
  });

  it('reads the all-CPU line wherever it is, not a per-core line', () => {
    const reordered = ['cpu0 1000 0 0 0 0 0 0 0', 'cpu  1 2 3 4 5 6 7 8'].join('\n');
    expect(busyTicks(reordered)).toBe(1 + 2 + 3 + 6 + 7 + 8);
  });

  it('takes missing fields (older kernels) as 0, and no text as 0', () => {
    expect(busyTicks('cpu  100 0 50 900\n')).toBe(150);
    expect(busyTicks('')).toBe(0);
  });
});

describe('processTicks', () => {
  // Fields 14-17: utime 250, stime 50, cutime 7, cstime 3.
  const tail =
    'S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 5 0 1000 123456 789 18446744073709551615';

  it('reads utime and stime, with the children waited for when asked', () => {
    const stat = `1234 (qemu-system-x86) ${tail}`;
    expect(processTicks(stat, false)).toBe(300);
    expect(processTicks(stat, true)).toBe(310);
  });

  it("starts the fields after the last ')' of a command name holding spaces and parentheses", () => {
    expect(processTicks(`1234 (qemu (x) y) ${tail}`, false)).toBe(300);
    expect(processTicks(`1234 (a) b) c ) ${tail}`, true)).toBe(310);
  });

  it('gives 0 for an empty text (a process that has gone)', () => {
    expect(processTicks('', true)).toBe(0);
  });
});

describe('outsideCores', () => {
  const at = (atMs: number, hostBusyTicks: number, ownTicks: number): CpuSnapshot => ({
    atMs,
    hostBusyTicks,
    ownTicks,
  });

  it("is the host's busy ticks less nicgate's own, per second, in cores", () => {
    // 600 busy ticks, 200 of them nicgate's, over 2 s at 100 ticks a second: 2 cores.
    expect(outsideCores(at(1000, 10_000, 500), at(3000, 10_600, 700))).toBeCloseTo(2, 10);
    expect(outsideCores(at(0, 0, 0), at(4000, 200, 0))).toBeCloseTo(0.5, 10);
  });

  it('is 0 when nicgate accounts for all of it, and never negative', () => {
    expect(outsideCores(at(0, 1000, 100), at(1000, 1300, 400))).toBe(0);
    // A QEMU counted in the second snapshot only: own ticks grow more than the host's.
    expect(outsideCores(at(0, 1000, 100), at(1000, 1100, 900))).toBe(0);
  });

  it('is 0 with no time between the snapshots', () => {
    expect(outsideCores(at(5000, 0, 0), at(5000, 1000, 0))).toBe(0);
    expect(outsideCores(at(5000, 0, 0), at(4000, 1000, 0))).toBe(0);
  });
});

describe('sampleHostCpu', () => {
  it("reads this host's /proc with sane numbers", async () => {
    const asked = Date.now();
    const before = await sampleHostCpu([process.pid]);
    const answered = Date.now();
    expect(before.hostBusyTicks).toBeGreaterThan(0);
    expect(before.ownTicks).toBeGreaterThanOrEqual(0);
    expect(before.atMs).toBeGreaterThanOrEqual(asked);
    expect(before.atMs).toBeLessThanOrEqual(answered);
    // Busy for a while, so the clock and the counters move.
    const until = Date.now() + 60;
    let spin = 0;
    while (Date.now() < until) spin++;
    expect(spin).toBeGreaterThan(0);
    const after = await sampleHostCpu([process.pid]);
    expect(after.atMs).toBeGreaterThanOrEqual(before.atMs);
    expect(after.hostBusyTicks).toBeGreaterThanOrEqual(before.hostBusyTicks);
    expect(after.ownTicks).toBeGreaterThanOrEqual(before.ownTicks);
    const outside = outsideCores(before, after);
    expect(Number.isFinite(outside)).toBe(true);
    expect(outside).toBeGreaterThanOrEqual(0);
  });

  it("counts a listed process's ticks as nicgate's, and a gone one as 0", async () => {
    // Own ticks only grow, so each sample lies between the ones taken before and after it.
    const alone = await sampleHostCpu([]);
    // This process listed as well: its own ticks (well above 0 after compiling the tests) count twice.
    const selfTicks = processTicks(readFileSync('/proc/self/stat', 'utf8'), false);
    expect(selfTicks).toBeGreaterThan(0);
    const listed = await sampleHostCpu([process.pid]);
    expect(listed.ownTicks).toBeGreaterThanOrEqual(alone.ownTicks + selfTicks);
    const gone = await sampleHostCpu([2 ** 22 + 12345]);
    const after = await sampleHostCpu([]);
    expect(gone.ownTicks).toBeGreaterThanOrEqual(alone.ownTicks);
    expect(gone.ownTicks).toBeLessThanOrEqual(after.ownTicks);
  });
});
