// Special files as the inputs of `compare`, `record` and the Action's aggregate and comment steps
// (issue 26, section 4): a FIFO, /dev/zero, a file over its cap and a path under /proc are refused
// at once as bad input (exit 2), never waited on or read to the end. Real files, a real FIFO.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregateResults } from '../../src/action/aggregate.js';
import { LocalDirectoryStore } from '../../src/baseline/local-store.js';
import { runCommandLine } from '../../src/cli/main.js';
import { capture } from './capture-io.js';
import { results, scenario } from '../baseline/sample-results.js';

let dir: string;
let good: string;
let fifo: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-special-'));
  good = join(dir, 'results.json');
  writeFileSync(good, JSON.stringify(results([scenario('linux/e1000/stock/lan/send', [1e8])])));
  fifo = join(dir, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('nicgate compare and record', () => {
  it('refuse a FIFO as --results or --baseline at once (exit 2)', async () => {
    const asResults = capture();
    expect(await runCommandLine(['compare', '--results', fifo, '--baseline', good], asResults)).toBe(2);
    expect(asResults.stderr).toBe(
      `nicgate: --results: "${fifo}" is a FIFO (named pipe), not a regular file\n`,
    );
    const asBaseline = capture();
    expect(await runCommandLine(['compare', '--results', good, '--baseline', fifo], asBaseline)).toBe(2);
    expect(asBaseline.stderr).toContain(`--baseline: "${fifo}" is a FIFO`);
    const recording = capture();
    const store = join(dir, 'store');
    const args = ['record', '--results', fifo, '--baseline-dir', store, '--branch', 'main'];
    expect(await runCommandLine(args, recording)).toBe(2);
    expect(recording.stderr).toContain(`--results: "${fifo}" is a FIFO`);
  });

  it('refuse /dev/zero and a link to /proc/self/environ without reading them', async () => {
    const zero = capture();
    expect(await runCommandLine(['compare', '--results', '/dev/zero', '--baseline', good], zero)).toBe(2);
    expect(zero.stderr).toBe(
      'nicgate: --results: "/dev/zero" is under /dev, where nicgate never reads or writes\n',
    );
    symlinkSync('/proc/self/environ', join(dir, 'environ.json'));
    const environ = capture();
    const args = ['compare', '--results', good, '--baseline', join(dir, 'environ.json')];
    expect(await runCommandLine(args, environ)).toBe(2);
    expect(environ.stderr).toContain('is under /proc');
  });

  it('refuse a results file over 64 MiB before reading it', async () => {
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 64 * 1024 * 1024 + 1);
    const io = capture();
    expect(await runCommandLine(['compare', '--results', huge, '--baseline', good], io)).toBe(2);
    expect(io.stderr).toContain(
      `--results: "${huge}" is 67108865 bytes, more than the 64 MiB this file may hold`,
    );
  });

  it('refuse an output under /proc or a baseline directory of /', async () => {
    const out = capture();
    const args = ['compare', '--results', good, '--baseline', good, '--out', '/proc/self/attr/current'];
    expect(await runCommandLine(args, out)).toBe(2);
    expect(out.stderr).toContain('--out: "/proc/self/attr/current" is under /proc');
    const root = capture();
    expect(
      await runCommandLine(['record', '--results', good, '--baseline-dir', '/', '--branch', 'main'], root),
    ).toBe(2);
    expect(root.stderr).toContain('--baseline-dir: "/" is the root directory');
  });
});

describe('nicgate plan', () => {
  it('says what is wrong with a FIFO profile or a config naming /etc/passwd as out: one line, exit 2', async () => {
    const work = ['--work-dir', join(dir, 'work'), '--out', join(dir, 'out.json')];
    const profile = capture();
    expect(await runCommandLine(['plan', '--profile', fifo, ...work], profile)).toBe(2);
    expect(profile.stderr).toBe(`nicgate: --profile: "${fifo}" is a FIFO (named pipe), not a regular file\n`);
    const config = join(dir, 'nicgate.yml');
    writeFileSync(config, 'out: /etc/passwd\n');
    const out = capture();
    expect(await runCommandLine(['plan', '--config', config, ...work], out)).toBe(2);
    expect(out.stderr).toMatch(
      new RegExp(`^nicgate: ${config}:1: "out" cannot be set in a config file[^\n]*\n$`),
    );
  });
});

describe('a baseline directory', () => {
  it('reports a FIFO in place of a branch file as unreadable instead of waiting on it', async () => {
    execFileSync('mkfifo', [join(dir, 'main.json')]);
    const outcome = await new LocalDirectoryStore(dir).load('main');
    expect(outcome).toMatchObject({ status: 'unreadable' });
    expect(outcome.status === 'unreadable' && outcome.message).toContain('is a FIFO');
  });
});

describe("the Action's results-files", () => {
  it('refuses a FIFO among the matched files', async () => {
    await expect(aggregateResults(`${good}\n${fifo}`)).rejects.toThrow(
      `results-files: "${fifo}" is a FIFO (named pipe), not a regular file`,
    );
  });
});
