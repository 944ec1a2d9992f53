// `npm run bench`: figures for the speed goals, printed, never asserted.
//   boot-to-ready  median of several boots (QEMU start -> guest reports ready)
//   per scenario   wall seconds, measured seconds (iperf3 traffic incl. omit), overhead
//   harness overhead = (wall - measured) / wall over the whole run
// Usage: node dist/bench.js [--boots N] [--accel tcg|auto] [--duration S] [--repetitions N]
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measure, planFromOptions, stateDirFor } from './app/measure.js';
import { bootGuest, stopGuest, type BootContext } from './engine/boot.js';
import { prepareGuestImage } from './engine/run.js';
import { describeError } from './errors.js';
import { resourceNames } from './net/addresses.js';
import { Ledger } from './net/ledger.js';
import { createNamespace, hostHasNetem } from './net/netns.js';
import { teardown } from './net/teardown.js';
import { summarize } from './stats/summary.js';
import { formatBitrate } from './ui/table.js';

const { values } = parseArgs({
  options: {
    boots: { type: 'string', default: '5' },
    accel: { type: 'string', default: 'tcg' },
    duration: { type: 'string', default: '5' },
    repetitions: { type: 'string', default: '3' },
    'work-dir': { type: 'string', default: '.nicgate' },
  },
});

async function bootTimes(count: number): Promise<number[]> {
  const plan = planFromOptions({
    nic: 'virtio-net-pci',
    profile: 'stock',
    link: 'lan',
    accel: values.accel,
    'work-dir': values['work-dir'],
  });
  const image = await prepareGuestImage(plan);
  const workDir = resolve(plan.workDir);
  await mkdir(workDir, { recursive: true });
  const ledger = new Ledger(stateDirFor(plan.workDir), randomBytes(3).toString('hex'));
  const { netns } = resourceNames(ledger.data.runId, 0);
  const seconds: number[] = [];
  try {
    ledger.update((d) => (d.netns = netns));
    await createNamespace(netns);
    const ctx: BootContext = {
      image,
      accel: values.accel === 'kvm' ? 'kvm' : 'tcg',
      ledger,
      netns,
      hostNetem: await hostHasNetem(netns),
      workDir,
      uid: process.getuid?.() ?? 0,
    };
    const first = plan.scenarios[0]!;
    for (let i = 0; i < count; i++) {
      const guest = await bootGuest(ctx, i, { nic: first.nic, profile: first.profile, link: first.link });
      seconds.push(guest.report.seconds);
      await stopGuest(ctx, guest);
    }
  } finally {
    await teardown(ledger.data);
    ledger.remove();
  }
  return seconds;
}

async function main(): Promise<void> {
  const boots = await bootTimes(Number(values.boots));
  const bootSummary = summarize(boots);
  console.log(
    `boot-to-ready (${boots.length} boots, ${values.accel}): median ${bootSummary.median.toFixed(2)} s, min ${bootSummary.min.toFixed(2)} s, max ${bootSummary.max.toFixed(2)} s`,
  );

  const plan = planFromOptions({
    nic: 'virtio-net-pci,e1000',
    profile: 'stock',
    link: 'lan',
    direction: 'send,receive',
    duration: values.duration,
    repetitions: values.repetitions,
    accel: values.accel,
    'work-dir': values['work-dir'],
    out: resolve(values['work-dir'], 'bench-results.json'),
  });
  const started = Date.now();
  const outcome = await measure(plan, () => undefined);
  const wall = (Date.now() - started) / 1000;
  let measured = 0;
  console.log('\nscenario                                   median        wall s  measured s  overhead');
  for (const s of outcome.results.scenarios) {
    const traffic = s.samples.length * (s.durationSec + s.omitSec);
    measured += traffic;
    // A scenario's wall time includes its share of the boot it shares with the other direction.
    const scenarioWall = (s.wallSeconds ?? 0) + (s.bootSeconds ?? 0) / 2;
    console.log(
      `${s.key.padEnd(42)} ${(s.summary ? formatBitrate(s.summary.median) : 'failed').padStart(11)} ${scenarioWall.toFixed(1).padStart(8)} ${traffic.toFixed(1).padStart(11)} ${(((scenarioWall - traffic) / scenarioWall) * 100).toFixed(1).padStart(8)}%`,
    );
  }
  console.log(
    `\nwhole run: wall ${wall.toFixed(1)} s (includes preflight and namespace setup), measured ${measured.toFixed(1)} s, harness overhead ${(((wall - measured) / wall) * 100).toFixed(1)}%`,
  );
}

main().catch((error: unknown) => {
  console.error(`bench: ${describeError(error)}`);
  process.exit(1);
});
