import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunError } from '../../src/common/errors.js';
import { prepareStateDir, stateDirFor } from '../../src/engine/state-dir.js';

describe('stateDirFor', () => {
  it('never puts run state in the work directory (the checkout)', () => {
    expect(stateDirFor({ HOME: '/home/u' }, 1000)).toBe('/home/u/.local/state/nicgate');
    expect(stateDirFor({ HOME: '/home/u' }, 1000)).not.toContain('.nicgate');
  });

  it('takes NICGATE_STATE_DIR first, then the runner temp dir, then /run/nicgate for root', () => {
    const env = { NICGATE_STATE_DIR: '/tmp/x/../state', RUNNER_TEMP: '/runner/_temp', HOME: '/root' };
    expect(stateDirFor(env, 0)).toBe('/tmp/state');
    expect(stateDirFor({ ...env, NICGATE_STATE_DIR: '' }, 1001)).toBe('/runner/_temp/nicgate-state');
    expect(stateDirFor({ HOME: '/root' }, 0)).toBe('/run/nicgate');
  });

  it('follows XDG for a user, else ~/.local/state, ignoring relative values', () => {
    expect(stateDirFor({ XDG_STATE_HOME: '/xdg', HOME: '/home/u' }, 1000)).toBe('/xdg/nicgate');
    expect(stateDirFor({ XDG_STATE_HOME: 'rel', HOME: '/home/u' }, 1000)).toBe(
      '/home/u/.local/state/nicgate',
    );
    expect(stateDirFor({ RUNNER_TEMP: 'rel' }, 1000)).toBe(join(homedir(), '.local/state/nicgate'));
  });
});

describe('prepareStateDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nicgate-statedir-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the directory private to this user, and tightens an open one', () => {
    prepareStateDir(join(dir, 'a', 'state'));
    expect(statSync(join(dir, 'a', 'state')).mode & 0o777).toBe(0o700);
    mkdirSync(join(dir, 'open'));
    chmodSync(join(dir, 'open'), 0o777);
    prepareStateDir(join(dir, 'open'));
    expect(statSync(join(dir, 'open')).mode & 0o777).toBe(0o700);
  });

  it('refuses a symlink, or a directory of another user', () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    expect(() => prepareStateDir(join(dir, 'link'))).toThrow(RunError);
    expect(() => prepareStateDir(join(dir, 'real'), 4242)).toThrow('belongs to uid');
  });
});
