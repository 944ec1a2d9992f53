// Reading the user's input files as they were at a base commit, from git's object store (never a
// checkout, never a shell), so a pull request's base side can be planned beside its head side.
import { posix } from 'node:path';
import { InputError, RunError } from '../common/errors.js';
import type { CommandResult, RunOptions } from '../proc/exec.js';

const BASE_REF_INPUT = '--base-ref';
// Enough for any sane chain of links; a loop ends here instead of running forever.
const MAX_SYMBOLIC_LINKS = 8;
const SYMLINK_MODE = '120000';

/** The executor as far as git reading needs it: proc/exec.ts `runCommand` fits, and so does a fake. */
export type GitExec = (
  argv: readonly string[],
  options?: Pick<RunOptions, 'cwd' | 'allowFailure' | 'binaryOutput'>,
) => Promise<Pick<CommandResult, 'code' | 'stdout' | 'stderr' | 'stdoutBytes'>>;

/** A file at the base commit; `path` is relative to the repository root, after links. */
export type BaseFile = { kind: 'file'; path: string; bytes: Buffer } | { kind: 'missing'; path: string };

/** Reads files at one commit; `input` names the flag or input the path came from, for errors. */
export interface BaseReader {
  /** The ref as the user gave it. */
  readonly ref: string;
  /** The full commit id the ref resolved to. */
  readonly sha: string;
  /** The work tree's top directory, as git reports it (links resolved). */
  readonly root: string;
  read(input: string, path: string): Promise<BaseFile>;
}

interface TreeEntry {
  mode: string;
  type: string;
  id: string;
}

/**
 * Resolves `ref` to a commit of the repository around `cwd`. Paths are then read as the user wrote
 * them: relative to `cwd`, or absolute inside the work tree.
 */
export async function openBaseCommit(ref: string, run: GitExec, cwd: string): Promise<BaseReader> {
  if (ref.trim() === '') throw new InputError(BASE_REF_INPUT, ref, 'is empty: name a commit, branch or tag');
  const where = await git(run, cwd, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (where.code !== 0) {
    throw new InputError(BASE_REF_INPUT, ref, `cannot be read: ${cwd} is not inside a git work tree`, {
      cause: gitFailure(where),
    });
  }
  const [toplevel = '', prefix = ''] = where.stdout.split('\n');
  const sha = await resolveOrFetch(ref, run, cwd);
  const tops = [toplevel, topFromCwd(cwd, prefix)];
  return {
    ref,
    sha,
    root: toplevel,
    read: async (input, path) =>
      await readAt(run, cwd, sha, input, path, repoPath(input, path, prefix, tops)),
  };
}

/** The base commit is not in this clone, and fetching it from `origin` failed too. */
export class BaseCommitMissingError extends InputError {
  override readonly name: string = 'BaseCommitMissingError';
}

/** The commit `ref` names; `undefined` when this repository does not have it. */
async function resolveCommit(ref: string, run: GitExec, cwd: string): Promise<string | undefined> {
  // --end-of-options: a ref such as `--output=x` stays a ref; ^{commit}: a tag peels to its commit.
  const resolved = await git(run, cwd, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`,
  ]);
  const sha = resolved.stdout.trim();
  return resolved.code === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}

/**
 * A shallow checkout (actions/checkout's default depth of 1) lacks the base commit: fetch that one
 * commit once and look again. A ref that names a branch of `origin` arrives as FETCH_HEAD.
 */
async function resolveOrFetch(ref: string, run: GitExec, cwd: string): Promise<string> {
  const here = await resolveCommit(ref, run, cwd);
  if (here !== undefined) return here;
  const fetched = await git(run, cwd, ['fetch', '--quiet', '--depth=1', '--end-of-options', 'origin', ref]);
  const sha =
    fetched.code === 0
      ? ((await resolveCommit(ref, run, cwd)) ?? (await resolveCommit('FETCH_HEAD', run, cwd)))
      : undefined;
  if (sha !== undefined) return sha;
  throw new BaseCommitMissingError(
    BASE_REF_INPUT,
    ref,
    `is not a commit in this repository, and \`git fetch --depth=1 origin ${ref}\` could not fetch it ` +
      '(a shallow checkout: give actions/checkout `fetch-depth: 0`)',
    { cause: gitFailure(fetched) },
  );
}

/** The path relative to the repository root, or an InputError when it leaves the work tree. */
function repoPath(input: string, path: string, prefix: string, tops: readonly string[]): string {
  let relative: string;
  if (posix.isAbsolute(path)) {
    // git reports the top with links resolved; cwd may reach it through a link. Either will do.
    const inside = tops
      .map((top) => posix.relative(top, path))
      .find((rel) => !escapes(rel) && !posix.isAbsolute(rel));
    if (inside === undefined) {
      throw new InputError(
        input,
        path,
        `is outside the git work tree (${tops[0]}), so it has no version at the base commit`,
      );
    }
    relative = posix.normalize(inside);
  } else {
    relative = posix.normalize(posix.join(prefix, path));
    if (escapes(relative)) {
      throw new InputError(
        input,
        path,
        'leaves the git work tree (".."), so it has no version at the base commit',
      );
    }
  }
  const clean = relative.replace(/\/+$/, '');
  if (clean === '' || clean === '.') throw new InputError(input, path, 'is the repository root, not a file');
  return clean;
}

function escapes(relative: string): boolean {
  return relative === '..' || relative.startsWith('../');
}

/** The root as seen from `cwd`: one `..` per component of git's prefix (`sub/dir/`). */
function topFromCwd(cwd: string, prefix: string): string {
  const depth = prefix.split('/').filter((part) => part !== '').length;
  return posix.resolve(cwd, ...Array<string>(depth).fill('..'));
}

/** Follows links inside the commit's tree (a linked file or a linked directory on the way). */
async function readAt(
  run: GitExec,
  cwd: string,
  sha: string,
  input: string,
  shown: string,
  start: string,
): Promise<BaseFile> {
  let current = start;
  for (let hop = 0; hop <= MAX_SYMBOLIC_LINKS; hop++) {
    const found = await walk(run, cwd, sha, current);
    if (found === undefined) return { kind: 'missing', path: current };
    const { entry, at, rest } = found;
    if (entry.mode === SYMLINK_MODE) {
      current = linkTarget(input, shown, at, (await blob(run, cwd, entry.id)).toString('utf8'), rest);
      continue;
    }
    // A file part-way along the path (`file.conf/x`): nothing is there.
    if (rest.length > 0) return { kind: 'missing', path: current };
    if (entry.type === 'tree')
      throw new InputError(input, shown, 'is a directory at the base commit, not a file');
    if (entry.type !== 'blob') {
      throw new InputError(
        input,
        shown,
        'is a submodule at the base commit; nicgate reads only files of this repository',
      );
    }
    return { kind: 'file', path: current, bytes: await blob(run, cwd, entry.id) };
  }
  throw new InputError(
    input,
    shown,
    `passes through more than ${MAX_SYMBOLIC_LINKS} symbolic links at the base commit`,
  );
}

function linkTarget(
  input: string,
  shown: string,
  at: string,
  target: string,
  rest: readonly string[],
): string {
  if (posix.isAbsolute(target)) {
    throw new InputError(
      input,
      shown,
      `is a symbolic link at the base commit to ${target}, outside the repository`,
    );
  }
  const next = posix.normalize(posix.join(posix.dirname(at), target, ...rest));
  if (escapes(next)) {
    throw new InputError(
      input,
      shown,
      `is a symbolic link at the base commit to ${target}, outside the repository`,
    );
  }
  return next;
}

/**
 * The entry at `path`, or else the first entry along it that is not a directory (a link to follow,
 * or a file) with the components after it; undefined when the path is not in the tree.
 */
async function walk(
  run: GitExec,
  cwd: string,
  sha: string,
  path: string,
): Promise<{ entry: TreeEntry; at: string; rest: string[] } | undefined> {
  const whole = await treeEntry(run, cwd, sha, path);
  if (whole !== undefined) return { entry: whole, at: path, rest: [] };
  // Only on a miss: a linked directory on the way hides the path from a direct look-up.
  const parts = path.split('/');
  for (let count = 1; count < parts.length; count++) {
    const at = parts.slice(0, count).join('/');
    const entry = await treeEntry(run, cwd, sha, at);
    if (entry === undefined) return undefined;
    if (entry.type !== 'tree') return { entry, at, rest: parts.slice(count) };
  }
  return undefined;
}

async function treeEntry(
  run: GitExec,
  cwd: string,
  sha: string,
  path: string,
): Promise<TreeEntry | undefined> {
  // :(literal): a name with `*` or a leading `:` is a name, not a pattern or pathspec magic.
  const listed = await git(run, cwd, ['ls-tree', '-z', '--full-tree', sha, '--', `:(literal)${path}`]);
  if (listed.code !== 0) throw gitError(`cannot list ${path} at ${sha}`, listed);
  for (const record of listed.stdout.split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(record);
    if (match !== null && match[4] === path) return { mode: match[1]!, type: match[2]!, id: match[3]! };
  }
  return undefined;
}

async function blob(run: GitExec, cwd: string, id: string): Promise<Buffer> {
  // cat-file, not `git show`: plumbing gives the stored bytes exactly (no textconv, no pager).
  const result = await git(run, cwd, ['cat-file', 'blob', id], true);
  if (result.code !== 0) throw gitError(`cannot read object ${id}`, result);
  return result.stdoutBytes ?? Buffer.from(result.stdout, 'utf8');
}

async function git(
  run: GitExec,
  cwd: string,
  args: readonly string[],
  binaryOutput = false,
): ReturnType<GitExec> {
  return await run(['git', ...args], { cwd, allowFailure: true, ...(binaryOutput ? { binaryOutput } : {}) });
}

function gitFailure(result: { code: number | null; stderr: string }): Error {
  return new Error(`git exited with ${result.code}: ${result.stderr.trim() || 'no message'}`);
}

/** git failing after the commit resolved is no fault of the input: a broken repository, a bug. */
function gitError(what: string, result: { code: number | null; stderr: string }): RunError {
  return new RunError(`git ${what}`, { cause: gitFailure(result) });
}
