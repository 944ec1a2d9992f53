// `nicgate report`: the Action's pull-request comment, from files the other commands wrote.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommandLine } from '../../src/cli/main.js';
import { commentMarker } from '../../src/github/marker.js';
import { renderReport } from '../../src/report/report.js';
import { results, scenario } from '../baseline/sample-results.js';
import { input as reportFixture } from '../report/fixtures.js';
import { capture } from './capture-io.js';

const KEY = 'linux/e1000/stock/lan/send';

let dir: string;
let resultsPath: string;
let verdictsPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nicgate-report-'));
  resultsPath = join(dir, 'head.json');
  verdictsPath = join(dir, 'verdicts.json');
  const base = join(dir, 'base.json');
  await writeFile(base, JSON.stringify(results([scenario(KEY, [100e6, 101e6, 99e6])])));
  await writeFile(resultsPath, JSON.stringify(results([scenario(KEY, [80e6, 81e6, 79e6])])));
  // The verdicts file as compare writes it.
  const compared = capture();
  const code = await runCommandLine(
    ['compare', '--results', resultsPath, '--baseline', base, '--out', verdictsPath],
    compared,
  );
  // A regression (exit 1) whose verdicts file was written.
  if (code !== 1) throw new Error(`compare exited ${code}: ${compared.stderr}`);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function report(...args: string[]) {
  const io = capture();
  const code = await runCommandLine(['report', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('nicgate report', () => {
  it('prints the markdown the Action posts, from a results and a verdicts file', async () => {
    const run = await report('--results', resultsPath, '--verdicts', verdictsPath);
    expect(run.code).toBe(0);
    const input = {
      marker: commentMarker('nicgate-cli'),
      results: JSON.parse(await readFile(resultsPath, 'utf8')),
      verdicts: JSON.parse(await readFile(verdictsPath, 'utf8')),
    };
    expect(run.stdout).toBe(renderReport(input));
    expect(run.stdout).toMatch(/^<!-- nicgate-comment:nicgate-cli -->\n## nicgate: 1 regression\n/);
    expect(run.stdout).toContain(`| ${KEY} | 100 Mbit/s | 80.0 Mbit/s |`);
  });

  it('writes it to --out instead, saying so', async () => {
    const out = join(dir, 'report.md');
    const run = await report('--results', resultsPath, '--verdicts', verdictsPath, '--out', out);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: `nicgate: report written to ${out}\n` });
    const printed = await report('--results', resultsPath, '--verdicts', verdictsPath);
    expect(await readFile(out, 'utf8')).toBe(printed.stdout);
  });

  it("renders the report tests' files of every verdict kind as the Action does, and results alone", async () => {
    const { results: fixtureResults, verdicts } = reportFixture();
    const [allResults, allVerdicts] = [join(dir, 'all-results.json'), join(dir, 'all-verdicts.json')];
    await writeFile(allResults, JSON.stringify(fixtureResults));
    await writeFile(allVerdicts, JSON.stringify(verdicts));
    const run = await report('--results', allResults, '--verdicts', allVerdicts);
    expect(run.code).toBe(0);
    const marker = commentMarker('nicgate-cli');
    expect(run.stdout).toBe(
      renderReport({ marker, results: fixtureResults, ...(verdicts ? { verdicts } : {}) }),
    );
    for (const verdict of verdicts!.verdicts) expect(run.stdout).toContain(verdict.key);
    const alone = await report('--results', allResults);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toBe(renderReport({ marker, results: fixtureResults }));
  });

  it.each([
    ['--results', () => ['--verdicts', verdictsPath], '"" is required'],
    [
      '--results',
      () => ['--results', verdictsPath, '--verdicts', verdictsPath],
      'is not a valid results file',
    ],
    [
      '--verdicts',
      () => ['--results', resultsPath, '--verdicts', resultsPath],
      // A results file is of schemaVersion 2, so its version gives it away first.
      'reads verdicts files of schemaVersion 1 only',
    ],
    ['--verdicts', () => ['--results', resultsPath, '--verdicts', join(dir, 'none.json')], 'cannot be read'],
    ['--out', () => ['--results', resultsPath, '--out', dir], 'is a directory'],
  ])('exits 2 for a bad %s, naming it', async (input, args, reason) => {
    const run = await report(...args());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^nicgate: ${input}: .*${reason}`));
  });
});
