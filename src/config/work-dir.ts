// Where the work directory is, and where it may not be. It holds the guest cache (kernel trees,
// images, saved guests) and the console logs a root QEMU writes, so it never lies in a checkout
// by default: a branch could commit files there (a link where QEMU writes a log, a planted kernel
// tree) for root to follow. A work directory inside a git work tree is refused unless the user
// asks for it (`--allow-work-dir-in-checkout`; never from nicgate.yml, which a branch controls).
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import { WORK_DIR_DEFAULT } from '../model/defaults.js';
import { gitWorkTreeOf, type PathProbe } from './paths.js';

const absolute = (path: string | undefined): path is string => path !== undefined && isAbsolute(path);

/** `$XDG_CACHE_HOME/nicgate`, else `~/.cache/nicgate` (the XDG base directory rules: a relative value is ignored). */
export function defaultWorkDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env[WORK_DIR_DEFAULT.variable];
  if (absolute(cache)) return join(cache, WORK_DIR_DEFAULT.name);
  return join(absolute(env.HOME) ? env.HOME : homedir(), WORK_DIR_DEFAULT.underHome, WORK_DIR_DEFAULT.name);
}

/**
 * The git work tree the directory `path` lies in (itself or the nearest directory above it holding
 * `.git`), or undefined. `path` need not exist yet; a probe that resolves links (hostPaths does)
 * judges a directory reached through a symlink where it leads.
 */
export function gitWorkTreeOfDir(path: string, probe: PathProbe): string | undefined {
  // gitWorkTreeOf starts at the directory of the file it is given: the directory itself here.
  return gitWorkTreeOf(join(probe.real ? probe.real(path) : resolve(path), '.git'), probe);
}

/** Refuses a work directory inside a git work tree unless `allowed` (the user's explicit opt-in). */
export function checkWorkDirOutsideCheckout(
  input: string,
  path: string,
  allowed: boolean,
  probe: PathProbe,
): void {
  if (allowed) return;
  const tree = gitWorkTreeOfDir(path, probe);
  if (tree === undefined) return;
  throw new InputError(
    input,
    path,
    `is inside the git work tree ${tree}: files a branch commits there would steer nicgate ` +
      `(a link where QEMU writes, a planted kernel cache). Leave ${input} out (default ` +
      `${defaultWorkDir()}), name a directory outside the checkout, or pass --allow-work-dir-in-checkout`,
  );
}
