// A paired run with nothing to measure: both results files, empty and valid, written with no tool
// run but git, and an environment that says what was not found out instead of guessing it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFromOptions } from '../../src/config/host-paths.js';
import { NOT_MEASURED } from '../../src/engine/environment.js';
import { writeUnmeasuredRun } from '../../src/engine/unmeasured-run.js';
import { parseResultsJson } from '../../src/model/results.js';
import type { Exec } from '../../src/proc/exec.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-unmeasured-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const plan = (accel: string, out: string) =>
  planFromOptions(
    { accel, nic: 'e1000', out: join(dir, out), 'work-dir': join(dir, 'work') },
    { planOnly: true },
  );

describe('writeUnmeasuredRun', () => {
  it('writes both sides empty, runs nothing but git, and names what was not measured', async () => {
    const calls: string[] = [];
    const exec: Exec = (argv) => {
      calls.push(argv[0]!);
      return Promise.resolve({ code: 0, signal: null, stdout: '', stderr: '', stdoutBytes: Buffer.alloc(0) });
    };
    const commits = { base: 'a'.repeat(40), head: 'working tree' };
    const outcome = await writeUnmeasuredRun(
      { base: plan('auto', 'base.json'), head: plan('auto', 'head.json') },
      commits,
      exec,
    );
    expect(new Set(calls)).toEqual(new Set(['git']));
    expect(outcome.failed).toEqual([]);
    const head = parseResultsJson(readFileSync(join(dir, 'head.json'), 'utf8'), 'head.json');
    const base = parseResultsJson(readFileSync(join(dir, 'base.json'), 'utf8'), 'base.json');
    expect(head).toEqual(outcome.head);
    expect(base).toEqual(outcome.base);
    expect(head.scenarios).toEqual([]);
    expect(head.side).toEqual({ role: 'head', commit: 'working tree' });
    expect(base.side).toEqual({ role: 'base', commit: 'a'.repeat(40) });
    expect(head.environment).toMatchObject({
      accelerator: 'tcg',
      acceleratorNote: '--accel auto: none chosen, nothing was measured',
      qemuVersion: NOT_MEASURED,
      iperf3Version: NOT_MEASURED,
      guestKernel: NOT_MEASURED,
      guestKernelSource: NOT_MEASURED,
    });
  });

  it('keeps an accelerator that was asked for by name', async () => {
    const outcome = await writeUnmeasuredRun(
      { base: plan('kvm', 'base.json'), head: plan('kvm', 'head.json') },
      { base: 'a'.repeat(40), head: 'b'.repeat(40) },
    );
    expect(outcome.head.environment.accelerator).toBe('kvm');
  });
});
