// A throwaway git repository in a temp directory, for tests that read inputs at a base commit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitFixture {
  /** The work tree's root (links resolved, as git reports it). */
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string | Buffer): void;
  /** Stages everything and commits; returns the full commit id. */
  commit(message: string): string;
  remove(): void;
}

/** Fixed identity and no user or system config: the tests see the same git everywhere. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'nicgate test',
    GIT_AUTHOR_EMAIL: 'test@nicgate.invalid',
    GIT_COMMITTER_NAME: 'nicgate test',
    GIT_COMMITTER_EMAIL: 'test@nicgate.invalid',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  // Never let an inherited repository location send these commands to another repository.
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY']) delete env[name];
  return env;
}

export function makeGitRepo(): GitFixture {
  const made = mkdtempSync(join(tmpdir(), 'nicgate-git-'));
  const env = gitEnv();
  const run = (cwd: string, args: string[]): string =>
    execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run(made, ['init', '-q', '-b', 'main']);
  const dir = run(made, ['rev-parse', '--show-toplevel']).trim();
  return {
    dir,
    git: (...args) => run(dir, args),
    write: (path, content) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    commit: (message) => {
      run(dir, ['add', '-A']);
      run(dir, ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message]);
      return run(dir, ['rev-parse', 'HEAD']).trim();
    },
    remove: () => rmSync(made, { recursive: true, force: true }),
  };
}
