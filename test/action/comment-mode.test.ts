// `mode: comment` on workflow_run, in process against a local GitHub API: what a fork's artifact
// (results, verdicts, pr-number) can and cannot make the base repository's job do.
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../src/model/verdicts.js';
import { startFakeGithub, type FakeGithub } from '../github/fake-github.js';
import { results, scenario } from '../baseline/sample-results.js';
import { REGRESSION, unchanged, verdictsFile } from '../report/fixtures.js';
import { HOSTILE } from '../report/hostile.js';
import { runAction, workspace } from './run-action.js';

jest.setTimeout(60_000);

const HEAD_SHA = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const OTHER_SHA = '0123456789abcdef0123456789abcdef01234567';
const RUN_ID = 9876543210;
const RUN_URL = `https://github.com/octo-org/vm-templates/actions/runs/${RUN_ID}`;
const KEY = 'linux/e1000/stock/lan/send';

/** The workflow_run payload GitHub sends for a fork's pull_request run (pull_requests is empty). */
const workflowRun = {
  action: 'completed',
  workflow_run: {
    id: RUN_ID,
    html_url: RUN_URL,
    event: 'pull_request',
    head_sha: HEAD_SHA,
    head_branch: 'feature/small-buffers',
    head_repository: { name: 'vm-templates', owner: { login: 'forker' } },
    pull_requests: [],
  },
  repository: { id: 771234567, name: 'vm-templates', owner: { login: 'octo-org' }, default_branch: 'main' },
};
const EVENT = { name: 'workflow_run', payload: workflowRun };

let github: FakeGithub;
let dir: string;
beforeEach(async () => {
  github = await startFakeGithub();
  const pull = (number: number, owner: string, sha: string) => ({
    owner: 'octo-org',
    repo: 'vm-templates',
    number,
    state: 'open' as const,
    head: { owner, ref: 'feature/small-buffers', sha },
  });
  // 57 is the fork's own pull request; 58 is someone else's.
  github.pulls.push(pull(57, 'forker', HEAD_SHA), pull(58, 'victim', OTHER_SHA));
  dir = workspace();
});
afterEach(() => github.close());

/** The artifact the pull request's run uploaded, written into the workspace. */
function artifact(verdicts: Verdict[] = [unchanged(KEY)]): Record<string, string> {
  writeFileSync(join(dir, 'results.json'), JSON.stringify(results([scenario(KEY, [9.1e8, 9.3e8, 9.2e8])])));
  writeFileSync(join(dir, 'verdicts.json'), JSON.stringify(verdictsFile(verdicts)));
  return {
    mode: 'comment',
    'results-files': join(dir, 'results.json'),
    'verdicts-file': join(dir, 'verdicts.json'),
    'github-token': github.token,
    'comment-id': 'fork-safe',
    'fail-on-regression': 'false',
  };
}

const env = (): Record<string, string> => ({ GITHUB_API_URL: github.url });
const posts = (): string[] => github.requests.filter((r) => r.method === 'POST').map((r) => r.path);

describe('mode comment on workflow_run: which pull request', () => {
  it("refuses a pr-number whose head is not the run's commit: a warning naming both, no comment, no failure", async () => {
    const { stdout, exitCode } = await runAction(dir, { ...artifact(), 'pr-number': '58' }, EVENT, env());
    expect(posts()).toEqual([]);
    expect(github.comments).toEqual([]);
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/octo-org/vm-templates/pulls/58',
    ]);
    expect(stdout).toContain(
      `::warning::nicgate: not commenting: pull request octo-org/vm-templates#58 has head commit ${OTHER_SHA}, ` +
        `but the run that measured these figures (workflow run ${RUN_ID}) was for commit ${HEAD_SHA}`,
    );
    expect(exitCode).toBe(0);
  });

  it('refuses a pr-number that names no pull request', async () => {
    const { stdout } = await runAction(dir, { ...artifact(), 'pr-number': '99' }, EVENT, env());
    expect(posts()).toEqual([]);
    expect(stdout).toContain(
      '::warning::nicgate: not commenting: pull request octo-org/vm-templates#99 does not exist',
    );
  });

  it("comments on a pr-number whose head is the run's commit", async () => {
    await runAction(dir, { ...artifact(), 'pr-number': '57' }, EVENT, env());
    expect(posts()).toEqual(['/repos/octo-org/vm-templates/issues/57/comments']);
  });

  it('finds the pull request of a fork through the API without a pr-number', async () => {
    await runAction(dir, artifact(), EVENT, env());
    expect(posts()).toEqual(['/repos/octo-org/vm-templates/issues/57/comments']);
  });

  it('does not comment when the payload names no head commit', async () => {
    // JSON leaves an undefined field out.
    const headless = { ...workflowRun, workflow_run: { ...workflowRun.workflow_run, head_sha: undefined } };
    const { stdout } = await runAction(
      dir,
      { ...artifact(), 'pr-number': '57' },
      { name: 'workflow_run', payload: headless },
      env(),
    );
    expect(posts()).toEqual([]);
    expect(stdout).toContain('::warning::nicgate: the workflow_run event names no head commit');
  });
});

describe('mode comment on workflow_run: what the report says', () => {
  it("names the pull request's commit and the run that measured, not the commenting job's", async () => {
    const { summary } = await runAction(dir, { ...artifact(), 'pr-number': '57' }, EVENT, env());
    const body = github.comments[0]!.body;
    for (const report of [body, summary]) {
      expect(report).toContain('commit 9e8d7c6b5a4f');
      expect(report).toContain(`figures from the pull request's own [workflow run ${RUN_ID}](<${RUN_URL}>)`);
      expect(report).not.toContain('bbbbbbbbbbbb');
      expect(report).not.toContain('/actions/runs/4001)');
    }
  });
});

/** Lines outside `::stop-commands::T` … `::T::` blocks, where the runner reads commands. */
function linesReadForCommands(stdout: string): string[] {
  const read: string[] = [];
  let token: string | undefined;
  for (const line of stdout.split('\n')) {
    if (token !== undefined) {
      if (line === `::${token}::`) token = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) token = stop[1];
    else read.push(line);
  }
  return read;
}

describe('mode comment: text from the files never becomes a workflow command', () => {
  it('prints tables with commands stopped, one line per row, and annotations on one line', async () => {
    const hostile: Verdict[] = [
      { ...REGRESSION, reason: HOSTILE },
      { key: 'linux/e1000/tuned/lan/send', kind: 'error', error: HOSTILE, reason: HOSTILE },
    ];
    const { stdout } = await runAction(dir, artifact(hostile), EVENT, env());
    const read = linesReadForCommands(stdout);
    // Commands the runner still reads are nicgate's own, never the file's.
    expect(
      read.filter((line) => /injected|secret|::debug::y/.test(line) && line.trimStart().startsWith('::')),
    ).toEqual([
      expect.stringMatching(
        /^::warning title=nicgate%3A throughput regressed \(linux\/e1000\/tuned\/rtt50ms\/send\)::/,
      ),
      // The scenario that could not be judged fails closed: an error annotation of nicgate's own.
      expect.stringMatching(/^::error title=nicgate%3A could not judge \(linux\/e1000\/tuned\/lan\/send\)::/),
    ]);
    // The regression's annotation: the reason on one line, its controls escaped.
    const annotation = read.find((line) => line.startsWith('::warning title=nicgate'))!;
    expect(annotation).not.toContain('%0A');
    expect(annotation).not.toContain('%0D');
    // The tables were printed, inside a stop-commands block.
    expect(stdout).toMatch(/::stop-commands::nicgate-[0-9a-f]{32}\n1 regression, 1 error/);
    expect(read.some((line) => line.includes('injected'))).toBe(true);
    expect(
      read.filter(
        (line) =>
          line.includes('injected') &&
          !line.startsWith('::warning title=nicgate') &&
          !line.startsWith('::error title=nicgate'),
      ),
    ).toEqual([]);
    for (const line of read.filter((l) => l.startsWith('::error title=nicgate')))
      expect(line).not.toMatch(/%0A|%0D/);
  });
});

describe('mode comment: a file that cannot be read', () => {
  it('fails on one line, naming the file, even when its name has line breaks', async () => {
    const name = join(dir, 'results\n::error::injected.json');
    writeFileSync(name, 'not json');
    const { stdout, exitCode } = await runAction(
      dir,
      { ...artifact(), 'results-files': join(dir, 'results*.json') },
      EVENT,
      env(),
    );
    expect(exitCode).toBe(1);
    const errors = stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toEqual([
      expect.stringMatching(/^::error::input .*results ::error::injected\.json: is not valid JSON\b/),
    ]);
    expect(stdout).not.toMatch(/^::error::injected/m);
  });
});

describe('the job summary and the failure message stay within their limits', () => {
  it('keeps the summary under 1 MiB in UTF-8 bytes and lists at most 20 failed keys', async () => {
    // Failures whose messages are mostly three-byte characters: under 1 MiB in UTF-16 units, far over in bytes.
    const error = `ゲストが起動しませんでした${'。'.repeat(90)}`;
    const failed = Array.from({ length: 5000 }, (_, i) =>
      scenario(`linux/e1000/stock/lan${i}/send`, [], { error }),
    );
    writeFileSync(join(dir, 'many.json'), JSON.stringify(results(failed)));
    const {
      stdout,
      exitCode,
      summary,
      summaryBytes: bytes,
    } = await runAction(
      dir,
      { mode: 'comment', 'results-files': join(dir, 'many.json'), 'comment-on-pr': 'false' },
      EVENT,
      env(),
    );
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    // Every row stays; the failure details make way, and the summary says so.
    expect(summary).toContain('| linux/e1000/stock/lan4999/send | ❌ failed |');
    expect(summary).toContain('failure details left out to stay within');
    expect(exitCode).toBe(1);
    const failure = stdout.split('\n').find((line) => line.startsWith('::error::'))!;
    expect(failure).toContain(
      '5000 scenario(s) could not be judged (on-error: fail): linux/e1000/stock/lan0/send, ',
    );
    expect(failure).toMatch(/lan19\/send and 4980 more$/);
  });
});

describe("mode comment: a fork's input differences", () => {
  it('are shown in the comment and the annotation, but never put the annotation in a place', async () => {
    const inputs = {
      differences: [
        {
          input: 'net.ipv4.tcp_wmem',
          field: 'max',
          change: 'changed' as const,
          base: '16777216',
          head: '65536',
          file: 'profiles/tuned.conf',
          line: 4,
        },
      ],
    };
    const { stdout } = await runAction(
      dir,
      { ...artifact([{ ...REGRESSION, inputs }]), 'pr-number': '57' },
      EVENT,
      env(),
    );
    const annotation = stdout.split('\n').find((line) => line.startsWith('::warning title=nicgate'))!;
    expect(annotation).toContain('net.ipv4.tcp_wmem max 16777216 → 65536 (profiles/tuned.conf:4)');
    // Another run's file is text: this job resolved no profile, so the annotation names no file.
    expect(annotation).not.toMatch(/,file=|,line=/);
    expect(github.comments[0]!.body).toContain(
      '`net.ipv4.tcp_wmem` max 16777216 → 65536 (profiles/tuned.conf:4)',
    );
  });
});
