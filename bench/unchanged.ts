// `--part unchanged`: the wall of a pull request that changes no input, end to end, through the
// bundles a user runs: `nicgate run --base-ref` (--cli, dist/cli.js by default) and the Action on
// a pull_request event (--action, dist/index.js), --runs times each. A throwaway git repository's
// work tree equals its base, so every scenario reads `inputs unchanged` and nothing may boot: the
// process table is watched through every run, and a QEMU process naming the run's folder stops it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { git } from './git.js';

export interface UnchangedOptions {
  runs: number;
  cli: string;
  action: string;
}

// The Action's default matrix, the disk guest beside the initramfs one: each would prepare an image.
const INPUTS = {
  guest: 'linux,debian-12',
  nic: 'virtio-net-pci,e1000',
  profile: 'stock,tuning.conf',
  accel: 'auto',
};
const TUNING = 'net.core.rmem_max = 16777216\nnet.ipv4.tcp_wmem = 4096 16384 16777216\n';

/** QEMU processes (guests or qemu-img) whose command line names `dir`, sampled every 20 ms. */
function watchQemu(dir: string): { seen: Set<string>; stop: () => void } {
  const seen = new Set<string>();
  const timer = setInterval(() => {
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        if (/^\S*qemu-(system|img)/.test(command) && command.includes(dir)) seen.add(command);
      } catch {
        // ended while we looked
      }
    }
  }, 20);
  return { seen, stop: () => clearInterval(timer) };
}

/** Runs a bundle to its end with `env`; resolves with its exit code and its wall in seconds. */
function timedRun(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; seconds: number; output: string }> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, seconds: (performance.now() - started) / 1000, output }));
  });
}

function actionEnv(dir: string, run: number, baseSha: string): NodeJS.ProcessEnv {
  const files = join(dir, `action-${run}`);
  mkdirSync(files);
  const event = {
    action: 'synchronize',
    number: 42,
    pull_request: {
      number: 42,
      head: { sha: 'e'.repeat(40), ref: 'feature', repo: { full_name: 'octo-org/vm-templates' } },
      base: { sha: baseSha, ref: 'main', repo: { full_name: 'octo-org/vm-templates' } },
    },
    repository: { name: 'vm-templates', owner: { login: 'octo-org' }, default_branch: 'main' },
  };
  for (const name of ['output', 'summary', 'state']) writeFileSync(join(files, name), '');
  writeFileSync(join(files, 'event.json'), JSON.stringify(event));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: join(files, 'runner-temp'),
    GITHUB_OUTPUT: join(files, 'output'),
    GITHUB_STEP_SUMMARY: join(files, 'summary'),
    GITHUB_STATE: join(files, 'state'),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: join(files, 'event.json'),
    GITHUB_REF_NAME: '42/merge',
    GITHUB_REPOSITORY: 'octo-org/vm-templates',
    GITHUB_RUN_ID: String(5000 + run),
    GITHUB_JOB: 'nicgate',
    GITHUB_WORKFLOW: 'network performance',
    NICGATE_STATE_DIR: join(files, 'state-dir'),
    // No API here: the comment is left out, the verdicts file is read instead.
    INPUT_COMMENT: 'never',
    'INPUT_VERDICTS-OUT': join(files, 'verdicts.json'),
    INPUT_OUT: join(files, 'results.json'),
  };
  for (const [input, value] of Object.entries(INPUTS)) env[`INPUT_${input.toUpperCase()}`] = value;
  return env;
}

function cliArgs(cli: string, dir: string, run: number, baseSha: string): string[] {
  const files = join(dir, `cli-${run}`);
  mkdirSync(files);
  return [
    cli,
    'run',
    '--base-ref',
    baseSha,
    ...Object.entries(INPUTS).flatMap(([flag, value]) => [`--${flag}`, value]),
    '--work-dir',
    join(files, 'work'),
    '--out',
    join(files, 'results.json'),
    '--verdicts-out',
    join(files, 'verdicts.json'),
  ];
}

/** Every verdict of a run's file is `inputs-unchanged`, or the run is not the one measured here. */
function checkVerdicts(path: string, output: string): number {
  const { verdicts } = JSON.parse(readFileSync(path, 'utf8')) as { verdicts: { kind: string }[] };
  if (verdicts.length === 0 || verdicts.some((verdict) => verdict.kind !== 'inputs-unchanged'))
    throw new Error(`expected only inputs-unchanged verdicts in ${path}:\n${output}`);
  return verdicts.length;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function unchangedTime(options: UnchangedOptions, print: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nicgate-unchanged-'));
  const repo = join(dir, 'repo');
  const qemu = watchQemu(dir);
  try {
    mkdirSync(repo);
    git(repo, ['init', '-q', '-b', 'main']);
    writeFileSync(join(repo, 'tuning.conf'), TUNING);
    writeFileSync(join(repo, '.gitignore'), 'nicgate-*\n');
    git(repo, ['add', '-A']);
    git(repo, ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'tuning profile']);
    const base = git(repo, ['rev-parse', 'HEAD']).trim();
    const kinds = {
      [`${options.cli} run --base-ref`]: (run: number) => ({
        args: cliArgs(resolve(options.cli), dir, run, base),
        env: { ...process.env, NICGATE_STATE_DIR: join(dir, `cli-${run}`, 'state') },
        verdicts: join(dir, `cli-${run}`, 'verdicts.json'),
      }),
      [`${options.action} on pull_request`]: (run: number) => ({
        args: [resolve(options.action)],
        env: actionEnv(dir, run, base),
        verdicts: join(dir, `action-${run}`, 'verdicts.json'),
      }),
    };
    print(
      `\na pull request that changes no input (${Object.values(INPUTS).join(' ')}), ${options.runs} runs each:`,
    );
    for (const [label, make] of Object.entries(kinds)) {
      const walls: number[] = [];
      let scenarios = 0;
      for (let run = 0; run < options.runs; run++) {
        const { args, env, verdicts } = make(run);
        const outcome = await timedRun(args, repo, env);
        if (qemu.seen.size > 0)
          throw new Error(`QEMU started, which it must not: ${[...qemu.seen].join('; ')}`);
        if (outcome.code !== 0) throw new Error(`${label} exited ${outcome.code}:\n${outcome.output}`);
        scenarios = checkVerdicts(verdicts, outcome.output);
        walls.push(outcome.seconds);
      }
      print(
        `  ${label}: ${walls.length} runs, ${scenarios} scenarios inputs-unchanged each; wall median ${median(walls).toFixed(2)} s, min ${Math.min(...walls).toFixed(2)} s, max ${Math.max(...walls).toFixed(2)} s; QEMU processes seen: ${qemu.seen.size}`,
      );
    }
  } finally {
    qemu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
