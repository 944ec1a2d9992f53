// Helpers for end-to-end tests: run the bundled CLI for real and look for leftovers.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PAIRED_DEFAULTS } from '../../src/model/defaults.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
/** One shared work directory keeps the guest image cache warm across tests. */
export const SHARED_WORK_DIR = join(ROOT, '.nicgate-e2e');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The tests' work directories (SHARED_WORK_DIR and others) lie in this checkout, which nicgate
 * refuses unless asked: a `run` or `plan` that names one asks, since this checkout is trusted here.
 */
function withWorkDirOptIn(args: string[]): string[] {
  const named = (args[0] === 'run' || args[0] === 'plan') && args.some((arg) => arg.startsWith('--work-dir'));
  return named && !args.includes('--allow-work-dir-in-checkout')
    ? [...args, '--allow-work-dir-in-checkout']
    : args;
}

export function startCli(args: string[], options: { user?: string; cwd?: string } = {}): ChildProcess {
  const cli = withWorkDirOptIn(args);
  const argv = options.user
    ? ['sudo', '-n', '-u', options.user, '-H', '--', process.execPath, CLI, ...cli]
    : [process.execPath, CLI, ...cli];
  return spawn(argv[0]!, argv.slice(1), { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function runCli(args: string[], options: { user?: string; cwd?: string } = {}): Promise<CliRun> {
  const child = startCli(args, options);
  return await collect(child);
}

/** Children being collected: a test that times out or throws first must not leave one running. */
const unfinished = new Set<ChildProcess>();

/** SIGTERM each child a finished test left running (nicgate cleans up on it), SIGKILL after a minute. */
export async function endUnfinishedChildren(): Promise<void> {
  await Promise.all(
    [...unfinished].map(async (child) => {
      const closed = new Promise((resolveClosed) => child.once('close', resolveClosed));
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await closed;
      clearTimeout(killer);
    }),
  );
}

export async function collect(child: ChildProcess, onStderr?: (text: string) => void): Promise<CliRun> {
  unfinished.add(child);
  child.once('close', () => unfinished.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr);
  });
  return await new Promise((resolvePromise) =>
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr })),
  );
}

/** Command lines of all processes, by PID. */
function processTable(): Map<number, string> {
  const table = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      table.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim());
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

interface Leftovers {
  qemu: string[];
  iperf3: string[];
  netns: string[];
  taps: string[];
  scratch: string[];
}

/** Everything of the kinds a run may leave behind, whoever made it. */
function everything(workDir: string): Leftovers {
  const procs = [...processTable()].map(([pid, cmd]) => ({ pid, cmd }));
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => name.startsWith('nicgate-'));
  // A tap lives in the runner's namespace until QEMU opens it, then in the run's namespace.
  const taps = [[], ...netns.map((name) => ['-n', name])].flatMap((where) =>
    spawnSync('ip', [...where, '-o', 'link', 'show'], { encoding: 'utf8' })
      .stdout.split('\n')
      .map((line) => line.split(':')[1]?.trim().split('@')[0] ?? '')
      .filter((name) => name.startsWith('ngt')),
  );
  return {
    qemu: procs.filter((p) => p.cmd.startsWith('qemu-system') && p.cmd.includes(workDir)).map((p) => p.cmd),
    // Keyed by PID too: two runs' iperf3 command lines may read alike.
    iperf3: procs
      .filter((p) => /(^|\/)iperf3 /.test(p.cmd) && p.cmd.includes('198.18.'))
      .map((p) => `${p.pid} ${p.cmd}`),
    netns,
    taps,
    // Per-boot files of a run live in /dev/shm/nicgate-<run id> (or the work dir where there is no /dev/shm).
    scratch: [
      ...(existsSync('/dev/shm') ? readdirSync('/dev/shm') : []),
      ...(existsSync(workDir) ? readdirSync(workDir) : []),
    ].filter((name) => /^nicgate-[0-9a-f]{6}(-[A-Za-z0-9]{6})?$/.test(name)),
  };
}

/**
 * What was already there when this test file started: another nicgate on the same machine (a
 * benchmark, another job, a run killed with SIGKILL long ago) is not this test's leftover. The
 * machine is shared, so the tests judge only what appeared while they ran.
 */
const PRE_EXISTING = everything(SHARED_WORK_DIR);

/** What a run may leave behind and was not there before: QEMU and iperf3 processes, namespaces, taps, scratch. */
export function leftovers(workDir: string): Leftovers {
  const now = everything(workDir);
  const fresh = (kind: keyof Leftovers): string[] => now[kind].filter((x) => !PRE_EXISTING[kind].includes(x));
  return {
    qemu: fresh('qemu'),
    iperf3: fresh('iperf3').map((entry) => entry.slice(entry.indexOf(' ') + 1)),
    netns: fresh('netns'),
    taps: fresh('taps'),
    scratch: fresh('scratch'),
  };
}

export interface ResultsLike {
  schemaVersion: number;
  environment: Record<string, unknown>;
  scenarios: {
    key: string;
    samples: number[];
    summary?: { median: number; min: number; max: number };
    appliedSysctls: { name: string; value: string }[];
    link: { appliedAt: string };
    sampleDetails?: { bitsPerSecond: number; iperf3End: unknown }[];
    wallSeconds?: number;
    /** Cores busy outside nicgate while the scenario measured. */
    outsideCpu?: number;
    error?: string;
  }[];
}

export function readResults(path: string): ResultsLike {
  return JSON.parse(readFileSync(path, 'utf8')) as ResultsLike;
}

/** A scenario's best repetition: outside work on a shared machine only ever slows a transfer. */
/**
 * How the e2e tests tell an applied profile from an unapplied one (and a restored guest from a cold
 * one) by throughput: a stock Debian 12 guest is bound by its window on this link (about 62 Mbit/s,
 * within 0.2% between repetitions, 58 at a load average of 10), far below what a TCG guest's CPU
 * can send, while 16 MiB buffers (`large-buffers.conf`, cubic kept) are bound by the rate (about 90).
 * - At rtt=100ms,rate=300mbit a busy CPU capped the tuned side near stock (196 against 185 in CI).
 * - The built-in `tuned` profile is not compared by throughput: its BBR paces every packet, and a
 *   starved TCG guest then sends 3-5 Mbit/s on this link (all repetitions, load average 10) where
 *   stock held 58. Cubic with large buffers collapsed in one repetition of three there; each side's
 *   best repetition is compared.
 * - The 3 s warm-up leaves slow start out (about 8 round trips of 300 ms).
 * - Beside two busy loops at a load average of 8, every profile collapsed in some repetitions
 *   (stock 4-6, 8 MiB buffers 4-31, 16 MiB 4-68 Mbit/s): scenarios measured one after another
 *   cannot be compared on such a host, which is why the paired gate interleaves its sides.
 */
export const WINDOW_BOUND = {
  link: 'rtt=300ms,rate=100mbit',
  key: 'rtt300ms-rate100mbit',
  args: ['--link', 'rtt=300ms,rate=100mbit', '--omit', '3'],
  largeBuffers: { path: join(ROOT, 'fixtures/profiles/large-buffers.conf'), name: 'large-buffers' },
} as const;

export function bestOf(results: ResultsLike, key: string): number {
  const scenario = results.scenarios.find((s) => s.key === key);
  if (!scenario?.summary) throw new Error(`no summary for ${key}: ${scenario?.error ?? 'scenario missing'}`);
  return scenario.summary.max;
}

/**
 * Whether `fastKey`'s best repetition beat `slowKey`'s by `ratio`, or nicgate recorded the host busy
 * (PAIRED_DEFAULTS.busyCores or more outside it) while either one measured. Scenarios measured one
 * after another cannot be compared on a busy host (WINDOW_BOUND: a starved vCPU collapsed 16 MiB
 * buffers to 11 Mbit/s in all three repetitions beside a build while stock held 60); there the
 * applied sysctls are the evidence, and only a quiet host must show the difference. `figures`
 * says which, so a failure reads on its own.
 */
export function fasterUnlessBusy(
  results: ResultsLike,
  fastKey: string,
  slowKey: string,
  ratio: number,
): { holds: boolean; figures: string } {
  const scenario = (key: string) => results.scenarios.find((s) => s.key === key);
  const fast = bestOf(results, fastKey);
  const slow = bestOf(results, slowKey);
  const busy = Math.max(scenario(fastKey)?.outsideCpu ?? 0, scenario(slowKey)?.outsideCpu ?? 0);
  const faster = fast > slow * ratio;
  return {
    holds: faster || busy >= PAIRED_DEFAULTS.busyCores,
    figures: `${(fast / 1e6).toFixed(1)} against ${(slow / 1e6).toFixed(1)} Mbit/s (${(fast / slow).toFixed(2)}x, ${ratio}x asked), ${busy.toFixed(2)} cores busy outside nicgate`,
  };
}

export function medianOf(results: ResultsLike, key: string): number {
  const scenario = results.scenarios.find((s) => s.key === key);
  if (!scenario?.summary) throw new Error(`no summary for ${key}: ${scenario?.error ?? 'scenario missing'}`);
  return scenario.summary.median;
}

/** QEMU command lines of guests whose command line names `dir` (a work dir), sampled while a run goes. */
export function watchQemu(dir: string): { seen: Set<string>; stop: () => void } {
  const seen = new Set<string>();
  const timer = setInterval(() => {
    for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        if (cmd.startsWith('qemu-system') && cmd.includes(dir)) seen.add(cmd);
      } catch {
        // ended while we looked
      }
    }
  }, 200);
  return { seen, stop: () => clearInterval(timer) };
}
