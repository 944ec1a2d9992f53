// Guest start: cold boots against restores of a saved guest, side by side in one session (the
// order alternates, so drift of the machine reaches both alike), and the paired check that a
// restored guest measures like a cold one, through the gate's own paired loop and verdict code.
import { planFromOptions } from '../src/config/host-paths.js';
import { bootGuest } from '../src/engine/boot.js';
import { stopGuest, type BootContext } from '../src/engine/boot-vm.js';
import { summarize } from '../src/stats/summary.js';
import { withGuestSession } from './guest-session.js';
import type { JobRecord } from './paired-jobs.js';

export interface StartTimes {
  /** The boot that saved the guest (undefined when a saved state was already there). */
  saving?: number;
  cold: number[];
  restored: number[];
}

/** `count` cold boots and `count` restores of virtio-net-pci, alternating which goes first. */
export async function startTimes(count: number, accel: 'kvm' | 'tcg', workDir: string): Promise<StartTimes> {
  const plan = planFromOptions({
    nic: 'virtio-net-pci',
    profile: 'stock',
    link: 'lan',
    accel,
    'guest-start': 'restore',
    'work-dir': workDir,
    'allow-work-dir-in-checkout': 'true',
  });
  return await withGuestSession(plan, async (ctx) => {
    const setup = {
      guest: plan.scenarios[0]!.guest,
      nic: plan.scenarios[0]!.nic,
      profile: plan.scenarios[0]!.profile,
      link: plan.scenarios[0]!.link,
    };
    // The same session without its saved guests: every boot of it is cold.
    const cold: BootContext = { ...ctx };
    delete cold.saved;
    const times: StartTimes = { cold: [], restored: [] };
    let index = 0;
    const once = async (c: BootContext): Promise<{ seconds: number; start: string }> => {
      const guest = await bootGuest(c, index++, setup);
      await stopGuest(c, guest);
      return { seconds: guest.report.seconds, start: guest.start };
    };
    // A saved state first, where there is none yet (its boot is slower: it also writes the state).
    const first = await once(ctx);
    if (first.start === 'saved') times.saving = first.seconds;
    else times.restored.push(first.seconds);
    for (let i = 0; times.cold.length < count || times.restored.length < count; i++) {
      const order = i % 2 === 0 ? [cold, ctx] : [ctx, cold];
      for (const c of order) {
        const { seconds, start } = await once(c);
        if (start === 'cold' && times.cold.length < count) times.cold.push(seconds);
        if (start === 'restored' && times.restored.length < count) times.restored.push(seconds);
      }
    }
    return times;
  });
}

function line(label: string, values: readonly number[]): string {
  if (values.length === 0) return `  ${label}: none`;
  const s = summarize(values);
  return `  ${label.padEnd(26)} median ${s.median.toFixed(2)} s, min ${s.min.toFixed(2)} s, max ${s.max.toFixed(2)} s (${values.length})`;
}

export function printStartTimes(times: StartTimes, accel: string, print: (line: string) => void): void {
  print(
    `guest ready, QEMU start to the guest's ready line (${accel}, virtio-net-pci, cold and restored alternating):`,
  );
  print(line('cold boot', times.cold));
  print(line('restored from saved guest', times.restored));
  if (times.saving !== undefined) print(`  the boot that saved it: ${times.saving.toFixed(2)} s`);
}

/** Cold (base) against restored (head) jobs: every verdict, then the counts and the widest interval. */
export function printStartPairs(records: readonly JobRecord[], print: (line: string) => void): void {
  const start = records.filter((r) => r.spec.kind === 'start');
  print(
    `\ncold (base) against restored (head), paired jobs through the gate's verdict code (${start.length} jobs):`,
  );
  for (const r of start) {
    const change = r.verdict.relativeChange;
    const interval =
      r.verdict.low === undefined || r.verdict.high === undefined
        ? ''
        : ` [${(r.verdict.low * 100).toFixed(1)}%, ${(r.verdict.high * 100).toFixed(1)}%]`;
    print(
      `  ${r.key.padEnd(42)} ${r.verdict.kind.padEnd(12)} ${change === undefined ? '' : `${(change * 100).toFixed(1)}%`}${interval} (${r.blocks.filter((b) => !b.dropped).length} pairs, ${r.wallSeconds.toFixed(0)} s)`,
    );
  }
  const kinds = new Map<string, number>();
  for (const r of start) kinds.set(r.verdict.kind, (kinds.get(r.verdict.kind) ?? 0) + 1);
  const within = start.filter(
    (r) =>
      r.verdict.low !== undefined &&
      r.verdict.high !== undefined &&
      r.verdict.low >= -0.03 &&
      r.verdict.high <= 0.03,
  ).length;
  print(
    `  verdicts: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; intervals within ±3%: ${within} of ${start.length}`,
  );
}
