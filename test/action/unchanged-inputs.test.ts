// A pull request whose base applies the same inputs as its head, through the Action's main in
// process: a real git repository as the checkout, the local GitHub API for the comment. The job
// compares fingerprints first, so it ends without installing host packages, restoring the guest
// cache, building a guest or starting QEMU, and says that nothing was measured and why.
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';
import { watchHost, type HostWatch } from '../gate/host-watch.js';
import { startFakeGithub, type FakeGithub } from '../github/fake-github.js';
import { runAction, workspace } from './run-action.js';

jest.setTimeout(60_000);

const TUNING = 'net.core.rmem_max = 16777216\nnet.ipv4.tcp_wmem = 4096 16384 16777216\n';

let repo: GitFixture;
let github: FakeGithub;
let host: HostWatch;
let dir: string;
let cwd: string;
beforeEach(async () => {
  repo = makeGitRepo();
  repo.write('tuning.conf', TUNING);
  github = await startFakeGithub();
  dir = workspace();
  cwd = process.cwd();
  // The runner starts the step in the checkout.
  process.chdir(repo.dir);
  host = watchHost();
});
afterEach(async () => {
  host.restore();
  process.chdir(cwd);
  repo.remove();
  await github.close();
});

const pullRequest = (baseSha: string) => ({
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    number: 42,
    pull_request: {
      number: 42,
      head: { sha: 'e'.repeat(40), ref: 'feature', repo: { full_name: 'octo-org/vm-templates' } },
      base: { sha: baseSha, ref: 'main', repo: { full_name: 'octo-org/vm-templates' } },
    },
    repository: { name: 'vm-templates', owner: { login: 'octo-org' }, default_branch: 'main' },
  },
});

/** GITHUB_OUTPUT's `name<<DELIMITER` blocks. */
function outputs(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of readFileSync(join(dir, 'output'), 'utf8').matchAll(
    /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm,
  ))
    values[match[1]!] = match[3]!;
  return values;
}

describe('the Action on a pull request that changes no input', () => {
  it('reports inputs-unchanged before installing, restoring, building or booting anything', async () => {
    const base = repo.commit('tuning profile');
    const { stdout, exitCode, summary } = await runAction(
      dir,
      {
        guest: 'linux,debian-12',
        nic: 'virtio-net-pci,e1000',
        profile: 'stock,tuning.conf',
        accel: 'auto',
        'github-token': github.token,
        comment: 'always',
        'comment-id': 'unchanged',
      },
      pullRequest(base),
      { GITHUB_API_URL: github.url },
    );
    // Every call to the host by name, and the step's failure, where there is one.
    expect({ exitCode, calls: host.calls(), errors: stdout.match(/^::error::.*$/gm) ?? [] }).toEqual({
      exitCode: 0,
      calls: [],
      errors: [],
    });
    // None of the steps that make a job ready to measure ran.
    expect(stdout).not.toContain('::group::Install host packages');
    expect(stdout).not.toContain('::group::Restore the guest cache');
    expect(stdout).not.toContain('::group::Save the guest cache');
    expect(stdout).toContain("every scenario's inputs are unchanged; nothing boots");

    const verdicts = JSON.parse(readFileSync(join(dir, 'verdicts-out.json'), 'utf8')) as {
      verdicts: { key: string; kind: string; reason: string }[];
    };
    expect(verdicts.verdicts).toHaveLength(8);
    for (const verdict of verdicts.verdicts) {
      expect(verdict.kind).toBe('inputs-unchanged');
      expect(verdict.reason).toContain('not measured');
    }
    expect(outputs()).toMatchObject({
      regressed: 'false',
      'verdicts-path': join(dir, 'verdicts-out.json'),
      'results-path': join(dir, 'merged-results.json'),
    });
    const comment = github.comments.at(-1)!.body;
    for (const text of [comment, summary]) {
      expect(text).toContain('## nicgate: 8 inputs-unchanged');
      expect(text).toContain('8 scenarios were not measured: base and head apply the same inputs.');
      expect(text).toContain('| QEMU | not run: nothing was measured |');
    }
  });
});
