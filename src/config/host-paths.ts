// The real file system behind PathProbe and the plan's file reads.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PathKind, PathProbe } from './paths.js';
import { buildPlan, type PlanDeps } from './plan.js';
import type { RawOptions } from './options.js';
import type { RunPlan } from '../model/plan.js';

function kind(path: string): PathKind {
  try {
    const stat = statSync(path);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

function can(mode: number): (path: string) => boolean {
  return (path) => {
    try {
      accessSync(path, mode);
      return true;
    } catch {
      return false;
    }
  };
}

export const hostPaths: PathProbe = {
  kind,
  readable: can(constants.R_OK),
  writable: can(constants.W_OK),
  parent: (path) => dirname(resolve(path)),
};

const hostPlanDeps: PlanDeps = { readFile: (path) => readFileSync(path, 'utf8'), paths: hostPaths };

/** Options -> validated plan, reading the user's files from disk. */
export function planFromOptions(
  raw: RawOptions,
  options: Pick<PlanDeps, 'createOutputDirectories' | 'defaults' | 'planOnly'> = {},
): RunPlan {
  return buildPlan(raw, { ...hostPlanDeps, ...options });
}
