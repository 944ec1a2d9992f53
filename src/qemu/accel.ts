// Picks the accelerator. /dev/kvm can exist and still hang a guest, so `auto` boots a real
// guest under KVM with a short limit and falls back to TCG when it does not reach user space.
import { accessSync, constants, existsSync } from 'node:fs';
import { RunError } from '../common/errors.js';
import { isRoot } from '../proc/privilege.js';
import type { Exec } from '../proc/exec.js';

export interface AccelChoice {
  accel: 'kvm' | 'tcg';
  note: string;
}

function kvmAccessible(): boolean {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Gives the runner's user access to /dev/kvm the way GitHub's runner docs do (sudo chmod). */
async function grantKvmAccess(exec: Exec): Promise<boolean> {
  if (isRoot() || !existsSync('/dev/kvm')) return kvmAccessible();
  await exec(['chmod', '666', '/dev/kvm'], { privileged: true, allowFailure: true });
  return kvmAccessible();
}

/**
 * `probeBoot` boots the guest under KVM and resolves true once its user space reports in,
 * false on a hang or failure (it must enforce its own short limit).
 */
export async function chooseAccel(
  requested: 'auto' | 'kvm' | 'tcg',
  probeBoot: () => Promise<{ ok: boolean; detail: string }>,
  exec: Exec,
): Promise<AccelChoice> {
  if (requested === 'tcg') return { accel: 'tcg', note: 'tcg requested' };
  const problem = !existsSync('/dev/kvm')
    ? '/dev/kvm does not exist'
    : !(await grantKvmAccess(exec))
      ? '/dev/kvm is not accessible to this user'
      : undefined;
  const result = problem ? { ok: false, detail: problem } : await probeBoot();
  if (result.ok) return { accel: 'kvm', note: `kvm: ${result.detail}` };
  if (requested === 'kvm') throw new RunError(`--accel kvm: KVM does not work here (${result.detail})`);
  return { accel: 'tcg', note: `auto fell back to tcg: ${result.detail}` };
}
