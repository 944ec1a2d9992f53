// Typed fakes for the executor and the spawner, shared by tests that must not start processes.
import type { CommandResult, Exec, RunOptions } from '../../src/proc/exec.js';
import type { ChildLike, ProcessExit, Spawn, SpawnOptions } from '../../src/proc/spawn.js';

export interface ExecCall {
  argv: string[];
  options: RunOptions;
}

/** An executor that records each call and answers with `respond` (success with no output by default). */
export function fakeExec(
  respond: (argv: string[], options: RunOptions) => Partial<CommandResult> | Error = () => ({}),
): Exec & { calls: ExecCall[] } {
  const calls: ExecCall[] = [];
  const exec = async (argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> => {
    calls.push({ argv: [...argv], options });
    const answer = respond([...argv], options);
    if (answer instanceof Error) throw answer;
    return { code: 0, signal: null, stdout: '', stderr: '', ...answer };
  };
  return Object.assign(exec, { calls });
}

/** A child process driven by the test: it prints lines and exits when told to. */
export class FakeChild implements ChildLike {
  readonly kills: NodeJS.Signals[] = [];
  /** What was written to its standard input, in order. */
  readonly written: string[] = [];
  /** Called on each write to standard input (to script a guest that answers its job). */
  onWrite: (text: string) => void = () => undefined;
  private readonly lineListeners: ((line: string) => void)[] = [];
  private readonly stderrListeners: ((text: string) => void)[] = [];
  private readonly exitListeners: ((exit: ProcessExit) => void)[] = [];
  private exited: ProcessExit | undefined;

  constructor(
    readonly argv: readonly string[],
    readonly pid: number | undefined,
    /** Called on kill; the default exits at once with the signal. */
    private readonly onKill: (child: FakeChild, signal: NodeJS.Signals) => void = (child, signal) =>
      child.exit({ code: null, signal }),
  ) {}

  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }
  onStderr(listener: (text: string) => void): void {
    this.stderrListeners.push(listener);
  }
  onExit(listener: (exit: ProcessExit) => void): void {
    this.exitListeners.push(listener);
    if (this.exited) listener(this.exited);
  }
  kill(signal: NodeJS.Signals): void {
    this.kills.push(signal);
    if (!this.exited) this.onKill(this, signal);
  }

  write(text: string): void {
    this.written.push(text);
    this.onWrite(text);
  }

  print(...lines: string[]): void {
    for (const line of lines) for (const listener of this.lineListeners) listener(line);
  }
  printError(text: string): void {
    for (const listener of this.stderrListeners) listener(text);
  }
  exit(exit: ProcessExit): void {
    if (this.exited) return;
    this.exited = exit;
    for (const listener of this.exitListeners) listener(exit);
  }
  get ended(): boolean {
    return this.exited !== undefined;
  }
}

/** A spawner that makes FakeChild processes and hands each to `started` (to script its output) just after. */
export function fakeSpawn(
  started: (child: FakeChild) => void = () => undefined,
  makeChild: (argv: readonly string[], pid: number) => FakeChild = (argv, pid) => new FakeChild(argv, pid),
): Spawn & { children: FakeChild[]; options: (SpawnOptions | undefined)[] } {
  const children: FakeChild[] = [];
  const options: (SpawnOptions | undefined)[] = [];
  const spawn = (argv: readonly string[], spawnOptions?: SpawnOptions): ChildLike => {
    const child = makeChild(argv, 40_000 + children.length);
    children.push(child);
    options.push(spawnOptions);
    // A real child's output arrives after spawn returns, once its owner listens.
    queueMicrotask(() => started(child));
    return child;
  };
  return Object.assign(spawn, { children, options });
}
