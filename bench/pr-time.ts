// `--part pr`: the wall time of the paired gate on a pull request that changes one profile file used
// by half of the default matrix. A throwaway git repository holds `tuned.conf` (the built-in Linux
// `tuned`); the working tree lowers its send buffer's maximum. `nicgate run --base-ref` (the shipped
// CLI, as a user runs it) then measures the two changed scenarios paired and reads the two `stock`
// ones as "inputs unchanged". Printed: wall, verdict per scenario, seconds per changed scenario.
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
  pairs?: { used: number; dropped: unknown[] };
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

export async function prTime(workDir: string, print: (line: string) => void): Promise<void> {
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
      ],
      dir,
    );
    const wall = (performance.now() - started) / 1000;
    const { verdicts } = JSON.parse(readFileSync(verdictsPath, 'utf8')) as { verdicts: VerdictRow[] };
    const measured = verdicts.filter((v) => v.basis === 'paired');
    print(
      `\npull request changing tuned.conf (used by ${measured.length} of ${verdicts.length} default scenarios):`,
    );
    for (const v of verdicts)
      print(
        `  ${v.key.padEnd(44)} ${v.kind.padEnd(13)} ${(v.basis ?? '').padEnd(17)} ${v.relativeChange === undefined ? '' : `${(v.relativeChange * 100).toFixed(1)}%`}${v.pairs ? `, ${v.pairs.used} pairs, ${v.pairs.dropped.length} dropped` : ''}`,
      );
    print(
      `  exit ${code}; wall ${wall.toFixed(0)} s (${(wall / 60).toFixed(1)} min), ${(wall / Math.max(measured.length, 1)).toFixed(0)} s per changed scenario`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
