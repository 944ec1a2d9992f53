// The real file system behind PathProbe and the plan's file reads.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readInputFile, readInputFileHead, realPathOf } from '../common/input-file.js';
import { IMAGE_HEAD_BYTES } from '../guest/disk/image-kind.js';
import { hashPath } from './content-hash.js';
import { INPUT_FILE_CAPS } from '../model/input-limits.js';
import { checkInsideTree, gitWorkTreeOf, type PathKind, type PathProbe } from './paths.js';
import { buildPlan, type PlanDeps } from './plan.js';
import type { RawOptions } from './options.js';
import type { ImageProbe } from './image.js';
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
  real: realPathOf,
};

/**
 * nicgate.yml and profile files. Inside a git work tree, a file that is a link out of it (a branch
 * can commit `tuned.conf -> /etc/shadow`) is refused before it is read.
 */
function readPlanFile(path: string, input = '--profile'): string {
  const tree = gitWorkTreeOf(path, hostPaths);
  if (tree !== undefined) checkInsideTree(input, path, tree, hostPaths);
  return readInputFile(path, {
    input,
    maxBytes: input === '--config' ? INPUT_FILE_CAPS.config : INPUT_FILE_CAPS.profile,
  });
}

/** Images on the disk: their first bytes, and their content hash. */
export const hostImages: ImageProbe = {
  head: (path, input) => readInputFileHead(path, input, IMAGE_HEAD_BYTES),
  hash: hashPath,
};

const hostPlanDeps: PlanDeps = {
  readFile: readPlanFile,
  paths: hostPaths,
  images: hostImages,
};

/** Options -> validated plan, reading the user's files from disk. */
export function planFromOptions(
  raw: RawOptions,
  options: Pick<PlanDeps, 'createOutputDirectories' | 'defaults' | 'planOnly'> = {},
): RunPlan {
  return buildPlan(raw, { ...hostPlanDeps, ...options });
}
