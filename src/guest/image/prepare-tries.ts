// What every prepare of a user's image shares, whichever way it gets in (Linux: a NoCloud seed;
// a BSD: its recipe's console dialogue): a first boot that reaches nothing outside the guest, a
// second with a way out only where iperf3 has to be installed, the whole once more on a fresh
// overlay when that failed; each step's failure named; SSH commands tried again when the image
// cuts their connection.
import { CommandError, type Exec } from '../../proc/exec.js';
import { retryRequest } from '../disk/prepare.js';
import type { Accelerator } from '../../model/plan.js';
import { sshArgv } from '../disk/prepare.js';
import { connectionDropped, ImagePrepareError, type ImagePrepareStep } from './prepare-commands.js';

/** The first boot found no iperf3 and had no way out: boot again with one. */
export class NeedsOutbound extends Error {}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `once` without a way out, again with one where it asked (NeedsOutbound), and all of it once more
 * on a fresh overlay if that failed (under KVM without arch-capabilities where QEMU aborted on
 * MSR 0x10a); after the second failure, `bothFailed` makes the error.
 */
export async function prepareWithRetry<R extends { accel: Accelerator; cpuModel?: string }, T>(
  request: R,
  once: (request: R, outbound: boolean) => Promise<T>,
  bothFailed: (first: unknown, second: unknown) => Promise<Error>,
): Promise<T> {
  const attempt = async (tried: R): Promise<T> => {
    try {
      return await once(tried, false);
    } catch (error) {
      if (!(error instanceof NeedsOutbound)) throw error;
      return await once(tried, true);
    }
  };
  try {
    return await attempt(request);
  } catch (first) {
    try {
      return await attempt(retryRequest(request, first));
    } catch (second) {
      throw await bothFailed(first, second);
    }
  }
}

/** Runs one prepare step; a failure becomes that step's error. */
export async function step<T>(name: ImagePrepareStep, doing: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ImagePrepareError) throw error;
    throw new ImagePrepareError(name, `${doing} failed: ${reason(error)}`, { cause: error });
  }
}

export interface SshOptions {
  input?: Buffer;
  binary?: boolean;
  timeoutMs: number;
}

/**
 * Runs commands in the guest as root with the one-run key; a connection the image cuts is tried
 * again, twice (each command prepare runs can run again).
 */
export function guestShell(
  host: { exec: Exec; sleep?: (ms: number) => Promise<void> },
  port: number,
  privateKey: string,
): (command: string, options: SshOptions) => ReturnType<Exec> {
  return async (command, options) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await host.exec(sshArgv(port, command, privateKey), {
          timeoutMs: options.timeoutMs,
          ...(options.input === undefined ? {} : { input: options.input }),
          ...(options.binary === true ? { binaryOutput: true } : {}),
        });
      } catch (error) {
        if (!(error instanceof CommandError && connectionDropped(error.result)) || attempt === 3) throw error;
        await (host.sleep ?? defaultSleep)(2000);
      }
    }
  };
}
