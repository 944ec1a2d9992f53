// git for the benchmark's own fixture repositories: a fixed identity and no user or system config,
// so a developer's settings (signing, hooks, templates) never reach the repositories it times.
import { execFileSync } from 'node:child_process';

export function git(dir: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'nicgate bench',
      GIT_AUTHOR_EMAIL: 'bench@nicgate.invalid',
      GIT_COMMITTER_NAME: 'nicgate bench',
      GIT_COMMITTER_EMAIL: 'bench@nicgate.invalid',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
}
