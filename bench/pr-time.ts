// `--part pr`: the wall time of the paired gate on a pull request that changes one profile file used
// by half of the default matrix. A throwaway git repository holds `tuned.conf` (the built-in Linux
// `tuned`); the working tree lowers its send buffer's maximum. `nicgate run --base-ref` (the shipped
// CLI, as a user runs it) then measures the two changed scenarios paired and reads the two `stock`
// ones as "inputs unchanged". Printed: wall, verdict per scenario, seconds per changed scenario;
// with several designs (`--sequential-modes on,off`) the runs alternate between them, so both meet
// the same machine, and each design's median wall closes the part.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { git } from './git.js';
import { LINUX } from '../src/guest/linux/system.js';

interface VerdictRow {
  key: string;
  kind: string;
  basis?: string;
  relativeChange?: number;
  pairs?: { used: number; dropped: unknown[]; stop?: string };
}

const profileText = (wmemMax: string): string =>
  LINUX.builtinTuning.tuned.sysctls
    .map(({ name, value }) => `${name} = ${name === 'net.ipv4.tcp_wmem' ? `4096 16384 ${wmemMax}` : value}`)
    .join('\n') + '\n';

/** Runs the shipped CLI to the end, its output passed through; resolves with the exit code. */
function runCli(args: string[], cwd: string): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('dist/cli.js'), ...args], { cwd, stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) => done(code));
  });
}

/** One pull request's run with the sequential design on or off; resolves with its wall in seconds. */
async function prRun(
  workDir: string,
  sequential: 'on' | 'off',
  print: (line: string) => void,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'nicgate-pr-'));
  try {
    git(dir, ['init', '-q', '-b', 'main']);
    writeFileSync(join(dir, 'tuned.conf'), profileText('16777216'));
    git(dir, ['add', '-A']);
    git(dir, ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'tuned profile']);
    const base = git(dir, ['rev-parse', 'HEAD']).trim();
    // The pull request: one line of the profile, the send buffer's maximum at 4 MiB.
    writeFileSync(join(dir, 'tuned.conf'), profileText('4194304'));
    const verdictsPath = join(dir, 'verdicts.json');
    const started = performance.now();
    const code = await runCli(
      [
        'run',
        '--base-ref',
        base,
        '--profile',
        'stock,tuned.conf',
        '--work-dir',
        resolve(workDir),
        '--allow-work-dir-in-checkout',
        '--out',
        join(dir, 'results.json'),
        '--verdicts-out',
        verdictsPath,
        '--sequential',
        sequential,
      ],
      dir,
    );
    const wall = (performance.now() - started) / 1000;
    const { verdicts } = JSON.parse(readFileSync(verdictsPath, 'utf8')) as { verdicts: VerdictRow[] };
    const measured = verdicts.filter((v) => v.basis === 'paired');
    print(
      `\npull request changing tuned.conf (used by ${measured.length} of ${verdicts.length} default scenarios), sequential ${sequential}:`,
    );
    for (const v of verdicts)
      print(
        `  ${v.key.padEnd(44)} ${v.kind.padEnd(13)} ${(v.basis ?? '').padEnd(17)} ${v.relativeChange === undefined ? '' : `${(v.relativeChange * 100).toFixed(1)}%`}${v.pairs ? `, ${v.pairs.used} pairs, ${v.pairs.dropped.length} dropped${v.pairs.stop ? ` (${v.pairs.stop})` : ''}` : ''}`,
      );
    print(
      `  exit ${code}; wall ${wall.toFixed(0)} s (${(wall / 60).toFixed(1)} min), ${(wall / Math.max(measured.length, 1)).toFixed(0)} s per changed scenario`,
    );
    return wall;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `runs` pull requests per design, the designs alternating; each design's walls and median. */
export async function prTime(
  workDir: string,
  options: { modes: readonly ('on' | 'off')[]; runs: number },
  print: (line: string) => void,
): Promise<void> {
  const walls = new Map(options.modes.map((mode) => [mode, [] as number[]]));
  for (let run = 0; run < options.runs; run++)
    for (const mode of options.modes) walls.get(mode)!.push(await prRun(workDir, mode, print));
  print('\npull request wall, side by side:');
  for (const [mode, seconds] of walls) {
    const sorted = [...seconds].sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    print(
      `  sequential ${mode}: median ${median.toFixed(0)} s (${(median / 60).toFixed(1)} min) of ${seconds.length} runs: ${seconds.map((s) => s.toFixed(0)).join(', ')} s`,
    );
  }
}
