import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandLine } from '../../src/cli/main.js';
import { capture } from './capture-io.js';
import { results, scenario } from '../baseline/sample-results.js';
import { appendRun, baselineRunFromResults } from '../../src/baseline/runs.js';
import type { BaselineFile } from '../../src/model/baseline.js';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'nicgate-cli-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('runCommandLine', () => {
  it('exits 2 for an unknown option, offering the closest of the command', async () => {
    const io = capture();
    expect(await runCommandLine(['run', '--nics', 'e1000'], io)).toBe(2);
    expect(io.stderr).toBe('nicgate: unknown option "--nics"; did you mean --nic?\n');
    const command = capture();
    expect(await runCommandLine(['comapre'], command)).toBe(2);
    expect(command.stderr).toBe('nicgate: unknown command "comapre"; did you mean compare?\n');
  });

  it('exits 2 with the input named and no stack trace on bad input', async () => {
    const io = capture();
    expect(await runCommandLine(['run', '--duration', '-1'], io)).toBe(2);
    expect(io.stderr).toBe('nicgate: --duration: "-1" is not a whole number between 1 and 3600\n');
    const out = capture();
    expect(await runCommandLine(['run', '--out', dir], out)).toBe(2);
    expect(out.stderr).toContain(`--out: "${dir}" is a directory`);
  });

  it('exits 2 before anything boots for a work directory inside a git work tree (a real repository)', async () => {
    execFileSync('git', ['init', '-q', dir]);
    const inside = join(dir, '.nicgate');
    const io = capture();
    expect(await runCommandLine(['run', '--work-dir', inside, '--out', join(dir, 'r.json')], io)).toBe(2);
    expect(io.stderr).toContain(`nicgate: --work-dir: "${inside}" is inside the git work tree ${dir}`);
    expect(io.stderr).toContain('--allow-work-dir-in-checkout');
    const plan = capture();
    const args = ['plan', '--work-dir', inside, '--allow-work-dir-in-checkout'];
    expect(await runCommandLine(args, plan)).toBe(0);
  });

  it('compares, printing the table, and exits 1 on a regression', async () => {
    const base = join(dir, 'base.json');
    const head = join(dir, 'head.json');
    const key = 'linux/e1000/stock/lan/send';
    // Ten runs: the stored-baseline rule gives no failing verdict on a shorter history.
    let baseline: BaselineFile | undefined;
    for (let i = 0; i < 10; i++) {
      const samples = [100e6, 101e6, 99e6, 100e6, 102e6].map((x) => x * (1 + ((i % 3) - 1) * 0.005));
      baseline = appendRun(
        baseline,
        baselineRunFromResults(results([scenario(key, samples)]), { runId: `r${i}` }),
        'main',
      );
    }
    await writeFile(base, JSON.stringify(baseline));
    await writeFile(head, JSON.stringify(results([scenario(key, [80e6, 81e6, 79e6, 80e6, 82e6])])));
    const io = capture();
    const verdicts = join(dir, 'verdicts.json');
    expect(
      await runCommandLine(['compare', '--results', head, '--baseline', base, '--out', verdicts], io),
    ).toBe(1);
    expect(io.stdout).toContain('regression');
    expect(JSON.parse(await readFile(verdicts, 'utf8'))).toMatchObject({ regressed: true });
  });

  it('exits 2 for a corrupt baseline file, naming it', async () => {
    const head = join(dir, 'head.json');
    const corrupt = join(dir, 'corrupt.json');
    await writeFile(head, JSON.stringify(results([scenario('linux/e1000/stock/lan/send', [1e8])])));
    await writeFile(corrupt, Buffer.from([0, 159, 146, 150, 1, 2]));
    const io = capture();
    expect(await runCommandLine(['compare', '--results', head, '--baseline', corrupt], io)).toBe(2);
    // Issue 26: the message names the flag the file came from, as every bad input does.
    expect(io.stderr).toBe(`nicgate: --baseline: "${corrupt}" is not valid JSON\n`);
    const asResults = capture();
    expect(await runCommandLine(['compare', '--results', corrupt, '--baseline', head], asResults)).toBe(2);
    expect(asResults.stderr).toBe(`nicgate: --results: "${corrupt}" is not valid JSON\n`);
  });

  it('records, refusing a baseline directory that is a file and a bad run id', async () => {
    const file = join(dir, 'r.json');
    await writeFile(file, JSON.stringify(results([scenario('linux/e1000/stock/lan/send', [1e8])])));
    const notDir = capture();
    expect(
      await runCommandLine(['record', '--results', file, '--baseline-dir', file, '--branch', 'main'], notDir),
    ).toBe(2);
    expect(notDir.stderr).toContain(`--baseline-dir: "${file}" is a file, not a directory`);
    const badId = capture();
    const args = ['record', '--results', file, '--baseline-dir', join(dir, 'b'), '--branch', 'main'];
    expect(await runCommandLine([...args, '--run-id', '../x'], badId)).toBe(2);
    expect(badId.stderr).toContain('--run-id: "../x" is not a run id');
    const ok = capture();
    expect(await runCommandLine([...args, '--run-id', '42'], ok)).toBe(0);
    expect(ok.stderr).toContain(`baseline saved to ${join(dir, 'b', 'main.json')}`);
  });

  it('escapes ESC, BEL and bidi controls of a branch name in its warnings (issue 26)', async () => {
    const head = join(dir, 'head.json');
    await writeFile(head, JSON.stringify(results([scenario('linux/e1000/stock/lan/send', [1e8])])));
    const io = capture();
    const branch = 'evil\u001b]0;pwned\u0007\u202eniam';
    await mkdir(join(dir, 'none'));
    const args = ['compare', '--results', head, '--baseline-dir', join(dir, 'none'), '--branch', branch];
    expect(await runCommandLine(args, io)).toBe(0);
    expect(io.stderr).toContain('warning: no baseline for evil\\x1b]0;pwned\\x07\\u202eniam in ');
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(io.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
