// The one-run SSH key prepare logs in to a user's image with. It is made per prepare in the run's
// scratch directory (mode 0700, removed by teardown even after a crash), handed to the image only
// through the NoCloud seed, removed as soon as prepare ends, and never written to results or logs.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../../common/errors.js';
import type { Exec } from '../../proc/exec.js';

/** The key's comment: prepare removes the line carrying it from the image before powering off. */
export const ONE_RUN_KEY_COMMENT = 'nicgate-prepare';

/** What an OpenSSH ed25519 public key line from ssh-keygen looks like, with our comment. */
const PUBLIC_KEY_PATTERN = new RegExp(`^ssh-ed25519 [A-Za-z0-9+/]{68} ${ONE_RUN_KEY_COMMENT}$`);

export interface OneRunKey {
  /** The private key's path, for `ssh -i`. */
  privateKey: string;
  /** The public key line, as cloud-init installs it. */
  publicKey: string;
  /** Removes both files and their directory; safe to call twice. */
  remove(): Promise<void>;
}

class SshKeyError extends RunError {
  override readonly name = 'SshKeyError';
}

/** A fresh ed25519 key without a passphrase, in a new directory under `scratchDir`. */
export async function createOneRunKey(scratchDir: string, exec: Exec): Promise<OneRunKey> {
  const dir = await mkdtemp(join(scratchDir, 'ssh-'));
  const privateKey = join(dir, 'key');
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    await exec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', ONE_RUN_KEY_COMMENT, '-f', privateKey], {
      timeoutMs: 30_000,
    });
    const publicKey = (await readFile(`${privateKey}.pub`, 'utf8')).trim();
    if (!PUBLIC_KEY_PATTERN.test(publicKey))
      throw new SshKeyError('ssh-keygen wrote a public key nicgate does not recognise as ed25519');
    return { privateKey, publicKey, remove };
  } catch (error) {
    await remove();
    throw error instanceof RunError
      ? error
      : new SshKeyError(`cannot make the one-run SSH key: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether `line` is a public key this module made (the seed takes nothing else). */
export function isOneRunPublicKey(line: string): boolean {
  return PUBLIC_KEY_PATTERN.test(line);
}
