// Where run state (the ledgers) lives: never in the checkout, where a pull request could plant a
// ledger for root to act on. The Action uses the runner's per-job temporary directory; the CLI
// the user's state directory; root, /run/nicgate (a run's kernel objects die with a reboot, and
// so does /run). NICGATE_STATE_DIR overrides all of them (tests isolate themselves with it).
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { RunError } from '../common/errors.js';
import { currentIds } from '../proc/privilege.js';

const STATE_DIR_ENV = 'NICGATE_STATE_DIR';

const absolute = (path: string | undefined): path is string => path !== undefined && isAbsolute(path);

/**
 * The state directory for this process's environment. The work directory plays no part any
 * more; the parameter stays so existing callers compile (pass nothing).
 */
export function stateDirFor(env: NodeJS.ProcessEnv = process.env, uid: number = currentIds().uid): string {
  const override = env[STATE_DIR_ENV];
  if (override) return resolve(override);
  if (absolute(env.RUNNER_TEMP)) return join(env.RUNNER_TEMP, 'nicgate-state');
  if (uid === 0) return '/run/nicgate';
  if (absolute(env.XDG_STATE_HOME)) return join(env.XDG_STATE_HOME, 'nicgate');
  return join(absolute(env.HOME) ? env.HOME : homedir(), '.local', 'state', 'nicgate');
}

/** Creates the directory (0700) or checks an existing one: a real directory of this user's. */
export function prepareStateDir(dir: string, uid: number = currentIds().uid): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  if (!info.isDirectory()) throw new RunError(`state directory ${dir} is not a directory`);
  if (info.uid !== uid) throw new RunError(`state directory ${dir} belongs to uid ${info.uid}, not ${uid}`);
  if ((info.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}
