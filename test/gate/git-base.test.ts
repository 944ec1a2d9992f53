import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import {
  BaseCommitMissingError,
  openBaseCommit,
  type BaseFile,
  type BaseReader,
  type GitExec,
} from '../../src/gate/git-base.js';
import { runCommand } from '../../src/proc/exec.js';
import { makeGitRepo, type GitFixture } from '../config/git-fixture.js';

// A base commit and a head commit on a real repository; the work tree holds the head.
let repo: GitFixture;
let baseSha: string;
beforeAll(() => {
  repo = makeGitRepo();
  repo.write('profiles/tuned.conf', 'net.core.rmem_max = 16777216\n');
  repo.write('kernel.bin', Buffer.from([0x7f, 0x45, 0, 0xff, 0x0a, 0]));
  repo.write('odd/a*', 'star');
  repo.write('odd/:colon', 'colon');
  repo.write('sub/dir/keep', '');
  symlinkSync('../profiles/tuned.conf', join(repo.dir, 'sub/tuned-link.conf'));
  symlinkSync('../profiles', join(repo.dir, 'sub/profiles-link'));
  symlinkSync('../../outside.conf', join(repo.dir, 'sub/escape.conf'));
  symlinkSync('loop-b', join(repo.dir, 'loop-a'));
  symlinkSync('loop-a', join(repo.dir, 'loop-b'));
  baseSha = repo.commit('base');
  repo.git('tag', '-a', '-m', 'the base', 'v1');
  repo.write('profiles/tuned.conf', 'net.core.rmem_max = 8388608\n');
  repo.write('profiles/new.conf', 'net.core.wmem_max = 1\n');
  repo.commit('head');
});
afterAll(() => repo.remove());

async function open(ref = baseSha, cwd = repo.dir): Promise<BaseReader> {
  return await openBaseCommit(ref, runCommand, cwd);
}

function gitIn(cwd: string, args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

function text(file: BaseFile): string {
  if (file.kind !== 'file') throw new Error(`expected a file, got ${file.kind}`);
  return file.bytes.toString('utf8');
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected a rejection');
  return outcome;
}

describe('openBaseCommit', () => {
  it('resolves a branch, a short id and an annotated tag to the full commit id', async () => {
    expect((await open('main~1')).sha).toBe(baseSha);
    expect((await open(baseSha.slice(0, 8))).sha).toBe(baseSha);
    const tagged = await open('v1');
    expect(tagged.sha).toBe(baseSha);
    expect(tagged.ref).toBe('v1');
  });

  it('refuses a ref that is not a commit here, quoting it', async () => {
    const error = await failure(open('no-such-branch'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^--base-ref: "no-such-branch" is not a commit in this repository/);
    const tree = await failure(open(`${baseSha}^{tree}`));
    expect(tree).toBeInstanceOf(InputError);
  });

  it('passes a ref that looks like an option as a ref', async () => {
    const target = join(repo.dir, 'written-by-git');
    const error = await failure(open(`--output=${target}`));
    expect(error).toBeInstanceOf(InputError);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses an empty ref and a directory outside any work tree', async () => {
    expect(await failure(open(' '))).toBeInstanceOf(InputError);
    const outside = mkdtempSync(join(tmpdir(), 'nicgate-nogit-'));
    try {
      const error = await failure(open('main', outside));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('is not inside a git work tree');
      expect(error.cause).toBeInstanceOf(Error);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('openBaseCommit in a shallow clone (actions/checkout with its default depth of 1)', () => {
  let clones: string;
  beforeAll(() => {
    clones = mkdtempSync(join(tmpdir(), 'nicgate-shallow-'));
  });
  afterAll(() => rmSync(clones, { recursive: true, force: true }));

  /** A depth-1 clone of the fixture: it has the head commit, not the base. */
  function shallowClone(name: string): string {
    const dir = join(clones, name);
    repo.git('clone', '-q', '--depth=1', `file://${repo.dir}`, dir);
    return dir;
  }

  /** runCommand, counting the fetches. */
  function counting(): { run: GitExec; fetches: string[][] } {
    const fetches: string[][] = [];
    const run: GitExec = async (argv, options) => {
      if (argv[1] === 'fetch') fetches.push([...argv]);
      return await runCommand(argv, options);
    };
    return { run, fetches };
  }

  it('fetches the missing base commit once from origin, then reads it', async () => {
    const clone = shallowClone('fetches');
    const { run, fetches } = counting();
    const reader = await openBaseCommit(baseSha, run, clone);
    expect(reader.sha).toBe(baseSha);
    expect(fetches).toEqual([
      ['git', 'fetch', '--quiet', '--depth=1', '--end-of-options', 'origin', baseSha],
    ]);
    expect(text(await reader.read('--profile', 'profiles/tuned.conf'))).toBe(
      'net.core.rmem_max = 16777216\n',
    );
  });

  it('fetches nothing when the commit is already here', async () => {
    const { run, fetches } = counting();
    await openBaseCommit(baseSha, run, repo.dir);
    expect(fetches).toEqual([]);
  });

  it('says what to add to the workflow when the fetch fails too', async () => {
    const clone = shallowClone('no-origin');
    gitIn(clone, ['remote', 'set-url', 'origin', join(clones, 'gone')]);
    const { run, fetches } = counting();
    const error = await failure(openBaseCommit(baseSha, run, clone));
    expect(fetches).toHaveLength(1);
    expect(error).toBeInstanceOf(BaseCommitMissingError);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `--base-ref: "${baseSha}" is not a commit in this repository, and \`git fetch --depth=1 origin ${baseSha}\` ` +
        'could not fetch it (a shallow checkout: give actions/checkout `fetch-depth: 0`)',
    );
    expect(String((error.cause as Error).message)).toMatch(/^git exited with 128/);
  });
});

describe('BaseReader.read', () => {
  it('reads a file as it was at the base, not as it is now', async () => {
    const base = await open('main~1');
    expect(text(await base.read('--profile', 'profiles/tuned.conf'))).toBe('net.core.rmem_max = 16777216\n');
    expect(text(await (await open('main')).read('--profile', 'profiles/tuned.conf'))).toContain('8388608');
  });

  it('keeps binary content byte for byte', async () => {
    const file = await (await open()).read('--kernel', 'kernel.bin');
    expect(file.kind === 'file' && [...file.bytes]).toEqual([0x7f, 0x45, 0, 0xff, 0x0a, 0]);
  });

  it('answers missing for a path the base lacks', async () => {
    const base = await open();
    expect(await base.read('--profile', 'profiles/new.conf')).toEqual({
      kind: 'missing',
      path: 'profiles/new.conf',
    });
    expect((await base.read('--profile', 'profiles/tuned.conf/x')).kind).toBe('missing');
    expect((await base.read('--profile', 'nothing/here.conf')).kind).toBe('missing');
  });

  it('reads paths relative to the working directory, and absolute paths inside the tree', async () => {
    const fromSub = await open(baseSha, join(repo.dir, 'sub/dir'));
    expect(text(await fromSub.read('--profile', '../../profiles/tuned.conf'))).toContain('16777216');
    const absolute = await fromSub.read('--profile', join(repo.dir, 'profiles/tuned.conf'));
    expect(absolute).toMatchObject({ kind: 'file', path: 'profiles/tuned.conf' });
    expect(text(await (await open()).read('--profile', './sub/../profiles//tuned.conf'))).toContain(
      '16777216',
    );
  });

  it('refuses paths that leave the work tree, naming the input', async () => {
    const base = await open();
    const dots = await failure(base.read('--profile', '../elsewhere/tuned.conf'));
    expect(dots).toBeInstanceOf(InputError);
    expect(dots.message).toMatch(/^--profile: "..\/elsewhere\/tuned.conf" leaves the git work tree/);
    const fromSub = await open(baseSha, join(repo.dir, 'sub'));
    expect(await failure(fromSub.read('--config', '../../x.yml'))).toBeInstanceOf(InputError);
    const absolute = await failure(base.read('--config', '/etc/nicgate.yml'));
    expect(absolute).toBeInstanceOf(InputError);
    expect(absolute.message).toMatch(/^--config: "\/etc\/nicgate.yml" is outside the git work tree/);
  });

  it('follows symbolic links inside the commit, to files and through directories', async () => {
    const base = await open();
    const linked = await base.read('--profile', 'sub/tuned-link.conf');
    expect(linked).toMatchObject({ kind: 'file', path: 'profiles/tuned.conf' });
    expect(text(linked)).toContain('16777216');
    expect(text(await base.read('--profile', 'sub/profiles-link/tuned.conf'))).toContain('16777216');
  });

  it('refuses links that leave the repository or loop, directories and the root', async () => {
    const base = await open();
    expect((await failure(base.read('--profile', 'sub/escape.conf'))).message).toContain(
      'outside the repository',
    );
    expect((await failure(base.read('--profile', 'loop-a'))).message).toContain('symbolic links');
    expect((await failure(base.read('--profile', 'profiles'))).message).toContain('is a directory');
    expect((await failure(base.read('--profile', '.'))).message).toContain('repository root');
  });

  it('reads names with pattern characters literally', async () => {
    const base = await open();
    expect(text(await base.read('--profile', 'odd/a*'))).toBe('star');
    expect(text(await base.read('--profile', 'odd/:colon'))).toBe('colon');
    expect((await base.read('--profile', 'odd/a?')).kind).toBe('missing');
  });
});
