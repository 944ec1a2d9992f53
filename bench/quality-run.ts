// `--part quality`: verdict quality on real paired jobs of one scenario (virtio-net-pci at
// rtt=50ms, where throughput is bound by the guest's send buffer, so a capped buffer is a known
// drop). Each job is appended to the records; printQuality (quality.ts) judges them all.
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PAIRED_DEFAULTS } from '../src/model/defaults.js';
import { createRandom } from '../src/stats/random.js';
import { readJobRecords, runPairedJob } from './paired-jobs.js';
import { printQuality } from './quality.js';

/**
 * The link of the verdict-quality and stored-baseline series: 50 ms without a rate, where a
 * buffer's maximum sets the window (the receive buffer smoothly), so a capped buffer is a drop of
 * a known size. Fixed here, apart from the default link, so the series stay comparable.
 */
export const QUALITY_LINK = 'rtt=50ms';

/** The guest kernel's default tcp_wmem maximum (4 MiB), which the stock profile leaves alone. */
const STOCK_WMEM_MAX = 4194304;

export interface QualityOptions {
  workDir: string;
  recordsPath: string;
  seed: number;
  jobs: number;
  pairs: number;
  /** The base side's send buffer maximum, as a fraction of 4 MiB; A/B heads cap it at `caps` of that. */
  baseCap: number;
  /** `0.9`: 90% of the base's maximum; `64k`: 64 KiB whatever the base's. */
  caps: string[];
  /** Which heads to run (`aa`, `ab90`, `ab64k`, ...); all when absent. */
  kinds?: string[];
  /** The buffer the caps act on: `wmem` (the guest sends) or `rmem` (the guest receives). */
  knob: 'wmem' | 'rmem';
  /** `half`: a CPU hog beside a seeded half of the jobs; `off`: none (calibration). */
  hog: 'half' | 'off';
  /** `build`: every job beside a build-like load on both cores. */
  load?: 'build';
  /** Sequential looks after every block (the gate's default), `pairs` their cap; false: the fixed design. */
  sequential: boolean;
  /**
   * Repetitions per side in a block; several alternate job by job (labelled with the count), so
   * both meet the same machine.
   */
  perSides: number[];
}

/**
 * A sysctl file that sets the guest's send buffer maximum to `fraction` of 4 MiB, named alike on
 * both sides (in a folder of its own per fraction), so base and head share the scenario key as a
 * profile changed in a pull request does.
 */
async function cappedProfile(fraction: number, options: QualityOptions): Promise<string> {
  const { knob } = options;
  const dir = resolve(options.workDir, `${knob}-${Math.round(fraction * 1000) / 10}`);
  await mkdir(dir, { recursive: true });
  const path = resolve(dir, `${knob}.conf`);
  // The kernel's own defaults below the maximum: 16 KiB to send, 128 KiB to receive.
  // A cap below them (64 KiB) takes the default down with it: the default never exceeds the maximum.
  const max = Math.round(STOCK_WMEM_MAX * fraction);
  const initial = Math.min(knob === 'wmem' ? 16384 : 131072, max);
  await writeFile(path, `net.ipv4.tcp_${knob} = 4096 ${initial} ${max}\n`);
  return path;
}

/**
 * The base side sets the send buffer's maximum to 4 MiB explicitly: the small guest's own default
 * maximum is lower, so a cap at 90% of 4 MiB against `stock` would change nothing. A/A jobs pair
 * that profile with itself; A/B jobs pair it with the caps. A CPU hog runs in a seeded half of each
 * kind, and kinds are interleaved job by job, so drift of the machine reaches all of them alike.
 */
export async function quality(options: QualityOptions): Promise<void> {
  const random = createRandom(options.seed);
  const { baseCap } = options;
  const baseProfile = await cappedProfile(baseCap, options);
  const baseMiB = Math.round(baseCap * 4 * 100) / 100;
  const heads = [
    { kind: 'aa' as const, name: 'aa', label: 'A/A', profile: baseProfile },
    ...(await Promise.all(
      options.caps.map(async (text) => {
        const kib = /^(\d+)k$/i.exec(text.trim());
        if (kib)
          return {
            kind: 'ab' as const,
            name: `ab${kib[1]}k`,
            label: `A/B ${kib[1]} KiB`,
            profile: await cappedProfile((Number(kib[1]) * 1024) / STOCK_WMEM_MAX, options),
          };
        const percent = Math.round(Number(text) * 1000) / 10;
        return {
          kind: 'ab' as const,
          name: `ab${percent}`,
          label: `A/B ${percent}%${baseCap === 1 ? '' : ` of ${baseMiB} MiB`}`,
          profile: await cappedProfile(baseCap * Number(text), options),
        };
      }),
    )),
  ].filter((h) => options.kinds === undefined || options.kinds.includes(h.name));
  let seed = 1000;
  const runs = heads.flatMap((head) => options.perSides.map((perSide) => ({ head, perSide })));
  const several = options.perSides.length > 1;
  for (let job = 0; job < options.jobs; job++)
    for (const { head, perSide } of runs) {
      const { load } = options;
      const reps = several ? `, ${perSide} reps/side` : '';
      const hog = !load && random() < 0.5 && options.hog !== 'off';
      const record = await runPairedJob(
        {
          kind: head.kind,
          label: `${head.label}${load ? ' +build load' : ''}${reps}`,
          ...(load ? { load } : {}),
          nic: 'virtio-net-pci',
          baseProfile,
          headProfile: head.profile,
          direction: options.knob === 'rmem' ? 'receive' : 'send',
          link: QUALITY_LINK,
          duration: PAIRED_DEFAULTS.durationSec,
          pairs: options.pairs,
          sequential: options.sequential,
          perSide,
          hog,
          pin: 'auto',
          seed: seed++,
          workDir: options.workDir,
        },
        options.recordsPath,
      );
      const change = record.verdict.relativeChange;
      console.log(
        `${`${head.label}${reps}`.padEnd(8)} ${load ? 'build load' : `hog=${hog ? 'yes' : 'no '}`} ${record.verdict.kind.padEnd(12)} ${change === undefined ? '' : `${(change * 100).toFixed(1)}%`} (${record.blocks.length} blocks, ${record.blocks.filter((b) => b.dropped).length} dropped, ${record.retries ?? 0} retries, ${record.wallSeconds.toFixed(0)} s${record.settled ? `, ${record.settled}` : ''})`,
      );
    }
  printQuality(await readJobRecords(options.recordsPath), console.log);
}
