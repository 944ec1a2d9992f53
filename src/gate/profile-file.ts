// Where a head profile's file lives in the repository, for a report line (`tuning.conf:4`) and an
// annotation GitHub shows in a pull request's "Files changed". Its own resolution of the path the
// plan read, links resolved: never a path outside the work tree, never one a file supplied.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { TuningProfile } from '../model/plan.js';
import type { ProfileFile } from './input-diff.js';

export interface RepositoryPaths {
  /** Where the user's paths are relative to. */
  cwd: string;
  /** The work tree's top directory. */
  root: string;
  /** realpath: links resolved (config/paths.ts PathProbe `real`). */
  real: (path: string) => string;
}

/**
 * The profile's file relative to the repository root, `/`-separated, with each sysctl's line;
 * undefined for a built-in profile, a file outside the work tree, or one whose path cannot be
 * resolved.
 */
export function profileFile(profile: TuningProfile, paths: RepositoryPaths): ProfileFile | undefined {
  if (profile.source === 'builtin') return undefined;
  let inside: string;
  try {
    inside = relative(paths.real(paths.root), paths.real(resolve(paths.cwd, profile.source)));
  } catch {
    return undefined;
  }
  if (inside === '' || isAbsolute(inside) || inside === '..' || inside.startsWith(`..${sep}`))
    return undefined;
  return { path: inside.split(sep).join('/'), ...(profile.lines ? { lines: profile.lines } : {}) };
}
