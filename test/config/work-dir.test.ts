// The work directory: by default in the user's cache directory, and never inside a git work tree
// (a checkout, whose committed files a root run would otherwise trust) unless asked for.
// Real directories and real `git init` repositories: no stub of the file system.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/common/errors.js';
import { hostPaths, planFromOptions } from '../../src/config/host-paths.js';
import { checkWorkDirOutsideCheckout, defaultWorkDir, gitWorkTreeOfDir } from '../../src/config/work-dir.js';

let root: string;
let repo: string;
let outside: string;
let savedCwd: string;
let savedXdg: string | undefined;

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'nicgate-work-dir-test-')));
  repo = join(root, 'checkout');
  outside = join(root, 'elsewhere');
  mkdirSync(repo);
  mkdirSync(outside);
  execFileSync('git', ['init', '-q', repo]);
  savedCwd = process.cwd();
  savedXdg = process.env.XDG_CACHE_HOME;
});

afterEach(() => {
  process.chdir(savedCwd);
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
  rmSync(root, { recursive: true, force: true });
});

describe('defaultWorkDir', () => {
  it('is $XDG_CACHE_HOME/nicgate, else ~/.cache/nicgate (a relative XDG_CACHE_HOME is ignored)', () => {
    expect(defaultWorkDir({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' })).toBe(
      '/var/cache/me/nicgate',
    );
    expect(defaultWorkDir({ HOME: '/home/me' })).toBe('/home/me/.cache/nicgate');
    expect(defaultWorkDir({ XDG_CACHE_HOME: 'cache', HOME: '/home/me' })).toBe('/home/me/.cache/nicgate');
    expect(defaultWorkDir({})).toBe(join(homedir(), '.cache', 'nicgate'));
  });
});

describe('gitWorkTreeOfDir', () => {
  it('finds the work tree a path lies in, existing or not, and none outside one', () => {
    expect(gitWorkTreeOfDir(repo, hostPaths)).toBe(repo);
    expect(gitWorkTreeOfDir(join(repo, '.nicgate'), hostPaths)).toBe(repo);
    expect(gitWorkTreeOfDir(join(repo, 'a', 'b', 'c'), hostPaths)).toBe(repo);
    expect(gitWorkTreeOfDir(join(outside, 'nicgate'), hostPaths)).toBeUndefined();
  });

  it('sees a linked worktree (a .git file) and a path reached through a symlink', () => {
    execFileSync('git', ['-C', repo, 'commit', '-q', '--allow-empty', '-m', 'x'], {
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
    const linked = join(root, 'linked');
    execFileSync('git', ['-C', repo, 'worktree', 'add', '-q', linked]);
    expect(gitWorkTreeOfDir(join(linked, '.nicgate'), hostPaths)).toBe(linked);
    symlinkSync(repo, join(outside, 'link'));
    expect(gitWorkTreeOfDir(join(outside, 'link', '.nicgate'), hostPaths)).toBe(repo);
  });
});

describe('checkWorkDirOutsideCheckout', () => {
  it('refuses a work directory inside a git work tree, naming --work-dir and quoting it', () => {
    const inside = join(repo, '.nicgate');
    let error: unknown;
    try {
      checkWorkDirOutsideCheckout('--work-dir', inside, false, hostPaths);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(
      `--work-dir: "${inside}" is inside the git work tree ${repo}`,
    );
    expect((error as InputError).message).toContain('--allow-work-dir-in-checkout');
  });

  it('accepts it when asked for, and any directory outside a work tree', () => {
    expect(() =>
      checkWorkDirOutsideCheckout('--work-dir', join(repo, '.nicgate'), true, hostPaths),
    ).not.toThrow();
    expect(() =>
      checkWorkDirOutsideCheckout('--work-dir', join(outside, 'w'), false, hostPaths),
    ).not.toThrow();
  });
});

describe('the plan from flags', () => {
  it('defaults the work directory outside the checkout it runs in', () => {
    process.chdir(repo);
    process.env.XDG_CACHE_HOME = join(outside, 'cache');
    expect(planFromOptions({}).workDir).toBe(join(outside, 'cache', 'nicgate'));
  });

  it('refuses the old default .nicgate inside a checkout, and takes it with the opt-in', () => {
    process.chdir(repo);
    expect(() => planFromOptions({ 'work-dir': '.nicgate' })).toThrow(
      `--work-dir: ".nicgate" is inside the git work tree ${repo}`,
    );
    expect(() => planFromOptions({ 'work-dir': '.nicgate', 'allow-work-dir-in-checkout': 'maybe' })).toThrow(
      '--allow-work-dir-in-checkout: "maybe" is not true or false',
    );
    expect(planFromOptions({ 'work-dir': '.nicgate', 'allow-work-dir-in-checkout': 'true' }).workDir).toBe(
      '.nicgate',
    );
  });
});
