import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunError, TimeoutError } from '../../src/common/errors.js';
import { CommandError, commandArgv, runCommand, type StartTimer } from '../../src/proc/exec.js';
import { privilegedArgv } from '../../src/proc/privilege.js';

// The real executor, on harmless commands of the node binary running the tests.
const node = (script: string): string[] => [process.execPath, '-e', script];

describe('runCommand', () => {
  it('returns the exit code and both outputs', async () => {
    const result = await runCommand(node('process.stdout.write("out"); process.stderr.write("err")'));
    expect(result).toEqual({ code: 0, signal: null, stdout: 'out', stderr: 'err' });
  });

  it('throws a CommandError with the last lines of output on a non-zero exit', async () => {
    const error = await runCommand(node('console.error("a\\nb\\nc\\nd"); process.exit(3)')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).result.code).toBe(3);
    expect((error as Error).message).toMatch(/exited with 3: b \| c \| d$/);
  });

  it('returns a failure instead with allowFailure', async () => {
    const result = await runCommand(node('process.exit(4)'), { allowFailure: true });
    expect(result.code).toBe(4);
  });

  it('feeds standard input and keeps binary output as bytes', async () => {
    const result = await runCommand(node('process.stdin.pipe(process.stdout)'), {
      input: Buffer.from([0, 1, 2, 255]),
      binaryOutput: true,
    });
    expect(result.stdout).toBe('');
    expect([...result.stdoutBytes!]).toEqual([0, 1, 2, 255]);
  });

  it('kills a command that outlives its limit', async () => {
    const error = await runCommand(node('setTimeout(() => {}, 10000)'), { timeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('says when a command cannot start', async () => {
    const error = await runCommand(['/nonexistent/nicgate-test-tool']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toBe('cannot start `/nonexistent/nicgate-test-tool`');
    expect((error as Error).cause).toBeDefined();
  });
});

describe('runCommand time limits', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nicgate-exec-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Alive and not a zombie (a killed child whose new parent has not reaped it yet). */
  const running = (pid: number): boolean => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  /** Resolves once `done` holds, looking again every few milliseconds: it waits for an event, for no set time. */
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const contents = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');

  /** Timers that run out when the test says so: each started timer, by its delay. */
  function manualTimers() {
    const started: { ms: number; fire: () => void; unref: boolean; cancelled: boolean }[] = [];
    const startTimer: StartTimer = (ms, fire, options) => {
      const timer = { ms, fire, unref: options?.unref ?? false, cancelled: false };
      started.push(timer);
      return () => (timer.cancelled = true);
    };
    return { started, startTimer };
  }

  it('sends SIGTERM first, then SIGKILL after the grace to a command that ignores it', async () => {
    const log = join(dir, 'log');
    const script = `process.on("SIGTERM", () => require("fs").appendFileSync(${JSON.stringify(log)}, " TERM"));
      require("fs").writeFileSync(${JSON.stringify(log)}, String(process.pid));
      setTimeout(() => {}, 60_000); // alive until killed (and gone in a minute should this test fail)`;
    const timers = manualTimers();
    const outcome = runCommand(node(script), { timeoutMs: 500, killGraceMs: 400 }, timers.startTimer).catch(
      (e: unknown) => e,
    );
    expect(timers.started.map(({ ms, unref }) => ({ ms, unref }))).toEqual([{ ms: 500, unref: false }]);
    // The command is ready (its SIGTERM handler set) before its time runs out.
    await until(() => contents(log) !== '');
    const pid = Number(contents(log));
    timers.started[0]!.fire();
    await until(() => contents(log).endsWith(' TERM'));
    expect(running(pid)).toBe(true);
    // The grace, not keeping nicgate alive by itself; when it runs out, SIGKILL.
    expect(timers.started.slice(1).map(({ ms, unref }) => ({ ms, unref }))).toEqual([
      { ms: 400, unref: true },
    ]);
    timers.started[1]!.fire();
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(contents(log)).toBe(`${pid} TERM`);
    await until(() => !running(pid));
  });

  it('stops its time limit when the command ends first', async () => {
    const timers = manualTimers();
    await runCommand(node(''), { timeoutMs: 500 }, timers.startTimer);
    expect(timers.started.map(({ ms, cancelled }) => ({ ms, cancelled }))).toEqual([
      { ms: 500, cancelled: true },
    ]);
  });

  it('reaches the children of the command too (its whole process group)', async () => {
    const pidFile = join(dir, 'child');
    const timers = manualTimers();
    const outcome = runCommand(
      ['sh', '-c', `sleep 30 & echo $! > ${pidFile}.tmp; mv ${pidFile}.tmp ${pidFile}; wait`],
      { timeoutMs: 300, killGraceMs: 200 },
      timers.startTimer,
    ).catch((e: unknown) => e);
    await until(() => contents(pidFile) !== '');
    const sleeper = Number(contents(pidFile));
    expect(running(sleeper)).toBe(true);
    timers.started[0]!.fire();
    expect(await outcome).toBeInstanceOf(TimeoutError);
    // SIGTERM to the group ended `sleep` too, not only the shell.
    await until(() => !running(sleeper));
  });
});

describe('runCommand environment', () => {
  const printEnv = node('process.stdout.write(Object.keys(process.env).sort().join(" "))');
  const secrets = {
    'INPUT_GITHUB-TOKEN': 'ghp_x',
    INPUT_MODE: 'comment',
    GITHUB_TOKEN: 'x',
    ACTIONS_RUNTIME_TOKEN: 'x',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
    NPM_TOKEN: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    MY_PASSWORD: 'x',
  };

  it('hands children no token, secret or action input, from our environment or a given one', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      const inherited = (await runCommand(printEnv)).stdout.split(' ');
      const given = (await runCommand(printEnv, { env: { ...secrets, PATH: '/usr/bin', KEEP_ME: '1' } }))
        .stdout;
      for (const name of Object.keys(secrets)) expect(inherited).not.toContain(name);
      expect(inherited).toContain('PATH');
      expect(given).toBe('KEEP_ME PATH');
    } finally {
      for (const name of Object.keys(secrets)) if (!(name in saved)) delete process.env[name];
    }
  });
});

describe('privilegedArgv', () => {
  it('runs a command under sudo inside a root `timeout`, which can kill what we may not', () => {
    expect(privilegedArgv(['ip', 'link'], false, { limitMs: 30_000, graceMs: 3000 })).toEqual([
      'sudo',
      '-n',
      '--',
      'timeout',
      '--kill-after=3s',
      '33s',
      'ip',
      'link',
    ]);
    expect(privilegedArgv(['ip', 'link'], true, { limitMs: 30_000, graceMs: 3000 })).toEqual(['ip', 'link']);
  });
});

describe('commandArgv', () => {
  it('leaves an unprivileged argv alone', () => {
    expect(commandArgv(['ip', 'link'])).toEqual(['ip', 'link']);
  });

  it('runs a privileged argv directly as root, or through sudo -n otherwise', () => {
    const root = process.getuid?.() === 0;
    expect(commandArgv(['ip', 'link'], true)).toEqual(
      root ? ['ip', 'link'] : ['sudo', '-n', '--', 'ip', 'link'],
    );
  });
});
