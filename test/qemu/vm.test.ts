import { TimeoutError } from '../../src/common/errors.js';
import { MAX_CONTROL_LINES, VmExitError, VmOutputError, VmProcess } from '../../src/qemu/vm.js';
import { FakeChild, fakeSpawn } from '../proc/fakes.js';

const labels = { waitingFor: 'the test line', before: 'the test line came' };
const pickReady = (line: string): string | undefined => (line.startsWith('ready') ? line : undefined);

describe('VmProcess', () => {
  it('starts the argv it is given and reports the pid', () => {
    const spawn = fakeSpawn();
    const vm = new VmProcess(['qemu-system-x86_64', '-nodefaults'], spawn);
    expect(spawn.children.map((child) => child.argv)).toEqual([['qemu-system-x86_64', '-nodefaults']]);
    expect(vm.pid).toBe(40_000);
    expect(vm.running).toBe(true);
  });

  it('keeps the raw lines, and finds a line printed before or after the wait began', async () => {
    const spawn = fakeSpawn((child) => child.print('noise', 'ready 1'));
    const vm = new VmProcess(['qemu'], spawn);
    await expect(vm.waitFor(pickReady, 1000, labels)).resolves.toBe('ready 1');

    const later = vm.waitFor((line) => (line === 'second' ? 2 : undefined), 1000, labels);
    spawn.children[0]!.print('second');
    await expect(later).resolves.toBe(2);
    expect(vm.lines).toEqual(['noise', 'ready 1', 'second']);
  });

  it('rejects when QEMU exits first, quoting the end of its standard error', async () => {
    const spawn = fakeSpawn();
    const vm = new VmProcess(['qemu'], spawn);
    const waiting = vm.waitFor(pickReady, 1000, labels);
    const child = spawn.children[0]!;
    child.printError('qemu-system-x86_64: -device e1000x: not found\n');
    child.exit({ code: 1, signal: null });
    await expect(waiting).rejects.toThrow(
      new VmExitError(
        'QEMU exited with 1 before the test line came: qemu-system-x86_64: -device e1000x: not found',
      ),
    );
    expect(vm.running).toBe(false);
  });

  it('names the signal that killed QEMU', async () => {
    const spawn = fakeSpawn((child) => child.exit({ code: null, signal: 'SIGKILL' }));
    const vm = new VmProcess(['qemu'], spawn);
    await expect(vm.waitFor(pickReady, 1000, labels)).rejects.toThrow(
      'QEMU was killed by SIGKILL before the test line came',
    );
  });

  it('a line wins over an exit that follows it', async () => {
    const spawn = fakeSpawn((child) => {
      child.print('ready 2');
      child.exit({ code: 0, signal: null });
    });
    const vm = new VmProcess(['qemu'], spawn);
    await expect(vm.waitFor(pickReady, 1000, labels)).resolves.toBe('ready 2');
  });

  it('times out with the label it was given', async () => {
    const vm = new VmProcess(['qemu'], fakeSpawn());
    const error = await vm.waitFor(pickReady, 20, labels).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).what).toBe('the test line');
  });

  it('stops with SIGTERM, and SIGKILL when QEMU lingers past the grace time', async () => {
    const spawn = fakeSpawn(
      () => undefined,
      (argv, pid) =>
        new FakeChild(argv, pid, (child, signal) => {
          if (signal === 'SIGKILL') child.exit({ code: null, signal });
        }),
    );
    const vm = new VmProcess(['qemu'], spawn);
    await vm.stop(10);
    expect(spawn.children[0]!.kills).toEqual(['SIGTERM', 'SIGKILL']);
    expect(vm.running).toBe(false);
    await vm.stop(10);
    expect(spawn.children[0]!.kills).toHaveLength(2);
  });

  it('does not send SIGKILL to a QEMU that ends on SIGTERM', async () => {
    const spawn = fakeSpawn();
    const vm = new VmProcess(['qemu'], spawn);
    await vm.stop(10);
    // A grace timer left running would fire before this one, set later for longer: timers run in
    // the order they are due, however late the machine runs them.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(spawn.children[0]!.kills).toEqual(['SIGTERM']);
  });
});

describe('VmProcess control-port bounds (issue 26)', () => {
  it('looks at each line once per wait: 40,000 noise lines cost 40,001 picks, not hundreds of millions', async () => {
    const spawn = fakeSpawn();
    const vm = new VmProcess(['qemu'], spawn);
    let picks = 0;
    const counting = (line: string): string | undefined => {
      picks += 1;
      return pickReady(line);
    };
    const waiting = vm.waitFor(counting, 10_000, labels);
    const child = spawn.children[0]!;
    for (let i = 0; i < 40_000; i += 1) child.print(`NICGATE:noise:${i}`);
    child.print('ready 3');
    await expect(waiting).resolves.toBe('ready 3');
    // The wait saw the empty list once, then each line once.
    expect(picks).toBe(40_001);
    // A later wait starts from the first line again, once each.
    picks = 0;
    await expect(vm.waitFor(counting, 1000, labels)).resolves.toBe('ready 3');
    expect(picks).toBe(40_001);
  });

  it('stops at MAX_CONTROL_LINES: a wait then rejects with an error naming the cap', async () => {
    const spawn = fakeSpawn();
    const vm = new VmProcess(['qemu'], spawn);
    const waiting = vm.waitFor(pickReady, 10_000, labels);
    const child = spawn.children[0]!;
    for (let i = 0; i <= MAX_CONTROL_LINES; i += 1) child.print('noise');
    child.print('ready 4');
    await expect(waiting).rejects.toThrow(
      new VmOutputError(
        `the guest sent more than ${MAX_CONTROL_LINES} lines on its control port before the test line came; nicgate stopped reading them`,
      ),
    );
    expect(vm.lines).toHaveLength(MAX_CONTROL_LINES);
  });
});
