// The guest console's file, created by nicgate and never by QEMU. QEMU's `-chardev file,path=`
// opens with O_CREAT and follows a link waiting at the path: a link committed where a console log
// goes (`console-0.log -> /etc/passwd`) would have root QEMU truncate its target. nicgate removes
// whatever is at the path (unlink removes a link, never what it points to), creates the file with
// O_EXCL|O_NOFOLLOW (it fails rather than follow or reuse anything put there meanwhile) and hands
// QEMU the open descriptor (argv.ts: `-add-fd`, `path=/dev/fdset/N`).
import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { RunError } from '../common/errors.js';

/** The descriptor QEMU inherits the console log as (its first after stdin, stdout and stderr). */
export const CONSOLE_FD = 3;

const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Creates `path` afresh for a guest console; the caller hands its descriptor to QEMU and closes it. */
export async function createConsoleLog(path: string): Promise<FileHandle> {
  try {
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    return await open(path, CREATE_NEW, 0o644);
  } catch (error) {
    throw new RunError(`cannot create the guest console log ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
