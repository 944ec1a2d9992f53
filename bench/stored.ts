// Stored baselines judged run by run, on real runs: plain runs of one scenario, a CPU hog beside a
// seeded share of them, each run's median and host CPU probe appended to a JSON-lines file. Each
// run from the tenth on is then judged by the real rule (verdicts/stored.ts) against the runs
// before it (the window a baseline keeps), and, at volume, histories and a current run are drawn
// from the recorded runs without replacement.
import { BASELINE_WINDOW_DEFAULT, DECISION_DEFAULTS, STORED_DEFAULTS } from '../src/model/defaults.js';
import type { RunPlan } from '../src/model/plan.js';
import { executeRun } from '../src/engine/run.js';
import { createRandom } from '../src/stats/random.js';
import { summarize } from '../src/stats/summary.js';
import { decideStored, type HistoryRun } from '../src/verdicts/stored.js';
import { startHog } from './paired-jobs.js';
import { appendRecord, readRecords } from './records.js';

export interface StoredRunRecord {
  key: string;
  hog: boolean;
  samples: number[];
  median: number;
  probe?: number;
  /** Cores busy outside nicgate while the run measured. */
  outsideCpu?: number;
  at: string;
}

export async function runStoredRun(plan: RunPlan, hog: boolean, recordTo: string): Promise<StoredRunRecord> {
  const busy = hog ? startHog() : undefined;
  try {
    const outcome = await executeRun(plan, () => undefined, { handleSignals: true });
    const scenario = outcome.results.scenarios[0]!;
    if (scenario.error) throw new Error(`bench run failed: ${scenario.error}`);
    const probe = outcome.results.environment.hostProbe?.cpuScore;
    const record: StoredRunRecord = {
      key: scenario.key,
      hog,
      samples: scenario.samples,
      median: summarize(scenario.samples).median,
      ...(probe === undefined ? {} : { probe }),
      ...(scenario.outsideCpu === undefined ? {} : { outsideCpu: scenario.outsideCpu }),
      at: new Date().toISOString(),
    };
    await appendRecord(recordTo, record);
    return record;
  } finally {
    if (busy?.pid !== undefined) process.kill(busy.pid, 'SIGKILL');
  }
}

export const readStoredRuns = (path: string): Promise<StoredRunRecord[]> =>
  readRecords<StoredRunRecord>(path);

const history = (runs: readonly StoredRunRecord[]): HistoryRun[] =>
  runs.map((r) => ({ median: r.median, ...(r.probe === undefined ? {} : { probe: r.probe }) }));

function judge(current: StoredRunRecord, before: readonly StoredRunRecord[]): string {
  const verdict = decideStored(
    {
      key: current.key,
      current: {
        median: current.median,
        count: current.samples.length,
        ...(current.probe === undefined ? {} : { probe: current.probe }),
        ...(current.outsideCpu === undefined ? {} : { outsideCpu: current.outsideCpu }),
      },
      history: history(before),
    },
    DECISION_DEFAULTS,
  );
  return verdict.kind === 'inconclusive' && verdict.reason.startsWith('environment differs')
    ? 'environment differs'
    : verdict.kind;
}

function counts(kinds: readonly string[]): string {
  const tally = new Map<string, number>();
  for (const kind of kinds) tally.set(kind, (tally.get(kind) ?? 0) + 1);
  return [...tally].map(([kind, n]) => `${kind} ${n}/${kinds.length}`).join(', ') || 'none';
}

/** In recorded order: every run with at least the minimum history, against the window before it. */
function judgeInOrder(runs: readonly StoredRunRecord[], window = BASELINE_WINDOW_DEFAULT) {
  const judged = runs.flatMap((run, i) =>
    i < STORED_DEFAULTS.minHistory
      ? []
      : [{ hog: run.hog, kind: judge(run, runs.slice(Math.max(0, i - window), i)) }],
  );
  return {
    withoutHog: judged.filter((j) => !j.hog).map((j) => j.kind),
    withHog: judged.filter((j) => j.hog).map((j) => j.kind),
  };
}

/** At volume: `jobs` draws of a history (10 to `window` runs) and a current run, all distinct. */
function judgeResampled(
  runs: readonly StoredRunRecord[],
  jobs: number,
  seed: number,
  window = BASELINE_WINDOW_DEFAULT,
) {
  const random = createRandom(seed);
  const withoutHog: string[] = [];
  const withHog: string[] = [];
  const size = Math.min(window, runs.length - 1);
  if (size < STORED_DEFAULTS.minHistory) return { withoutHog, withHog };
  for (let job = 0; job < jobs; job++) {
    const order = runs.map((run) => ({ run, at: random() })).sort((a, b) => a.at - b.at);
    const take = STORED_DEFAULTS.minHistory + Math.floor(random() * (size - STORED_DEFAULTS.minHistory + 1));
    const current = order[0]!.run;
    const kind = judge(
      current,
      order.slice(1, 1 + take).map((o) => o.run),
    );
    (current.hog ? withHog : withoutHog).push(kind);
  }
  return { withoutHog, withHog };
}

export function printStored(runs: readonly StoredRunRecord[], print: (line: string) => void): void {
  const quiet = runs.filter((r) => !r.hog);
  const busy = runs.filter((r) => r.hog);
  const spread = (xs: readonly StoredRunRecord[], pick: (r: StoredRunRecord) => number | undefined) => {
    const values = xs.flatMap((r) => (pick(r) === undefined ? [] : [pick(r)!]));
    if (values.length === 0) return '-';
    const s = summarize(values);
    return `median ${s.median.toFixed(0)}, ${s.min.toFixed(0)} to ${s.max.toFixed(0)}`;
  };
  print(
    `\nstored baselines on real runs (${runs.length} runs of ${runs[0]?.key ?? '-'}, ${busy.length} with the CPU hog):`,
  );
  print(
    `  run medians in Mbit/s: without hog ${spread(quiet, (r) => r.median / 1e6)}; with hog ${spread(busy, (r) => r.median / 1e6)}`,
  );
  print(
    `  host CPU probe scores: without hog ${spread(quiet, (r) => r.probe)}; with hog ${spread(busy, (r) => r.probe)}`,
  );
  const cores = (r: StoredRunRecord) => (r.outsideCpu === undefined ? undefined : r.outsideCpu * 100);
  print(
    `  cores busy outside nicgate while measuring (x100): without hog ${spread(quiet, cores)}; with hog ${spread(busy, cores)}`,
  );
  const ordered = judgeInOrder(runs);
  print(
    `  in recorded order, each run against the runs before it: without hog ${counts(ordered.withoutHog)}; with hog ${counts(ordered.withHog)}`,
  );
  const drawn = judgeResampled(runs, 2000, 11);
  print(
    `  2000 resampled (history of 10 to 20 other runs): without hog ${counts(drawn.withoutHog)}; with hog ${counts(drawn.withHog)}`,
  );
}
