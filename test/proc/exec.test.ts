import { RunError, TimeoutError } from '../../src/common/errors.js';
import { CommandError, commandArgv, runCommand } from '../../src/proc/exec.js';

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
