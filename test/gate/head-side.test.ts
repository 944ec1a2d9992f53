// The method line names what the head side measured: a commit, or the working tree. Real git.
import { headSide } from '../../src/gate/paired-gate.js';
import { runCommand } from '../../src/proc/exec.js';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';

describe('headSide', () => {
  let repo: GitFixture;
  beforeEach(() => {
    repo = makeGitRepo();
  });
  afterEach(() => repo.remove());

  it('is HEAD when no tracked file differs from it', async () => {
    repo.write('profiles/head.conf', 'net.ipv4.tcp_wmem = 4096 16384 4194304\n');
    const sha = repo.commit('profile');
    // An untracked results file does not make the head a working tree.
    repo.write('results.json', '{}');
    expect(await headSide(runCommand, repo.dir)).toBe(sha);
  });

  // Issue 26: the head profile was an uncommitted change and the method line named HEAD's commit.
  it('is the working tree when a tracked file has uncommitted changes', async () => {
    repo.write('profiles/head.conf', 'net.ipv4.tcp_wmem = 4096 16384 4194304\n');
    const sha = repo.commit('profile');
    repo.write('profiles/head.conf', 'net.ipv4.tcp_wmem = 4096 16384 65536\n');
    expect(await headSide(runCommand, repo.dir)).toBe(`working tree on ${sha.slice(0, 12)}`);
  });

  it('is the working tree before the first commit', async () => {
    repo.write('profiles/head.conf', 'x = 1\n');
    expect(await headSide(runCommand, repo.dir)).toBe('working tree');
  });
});
