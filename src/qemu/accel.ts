// Picks the accelerator. /dev/kvm can exist and still hang a guest, so `auto` boots a real
// guest under KVM with a short limit and falls back to TCG when it does not reach user space.
import { existsSync } from 'node:fs';
import { RunError } from '../common/errors.js';
import type { Accel, Accelerator } from '../model/plan.js';

export interface AccelChoice {
  accel: Accelerator;
  note: string;
}

export interface KvmAccess {
  exists?: () => boolean;
  /**
   * Makes /dev/kvm usable by this user if it can be (an ACL entry for this user only, recorded
   * in the ledger: net/device-access.ts); resolves whether it is.
   */
  ensure: () => Promise<boolean>;
}

/**
 * `probeBoot` boots the guest under KVM and resolves true once its user space reports in,
 * false on a hang or failure (it must enforce its own short limit).
 */
export async function chooseAccel(
  requested: Accel,
  probeBoot: () => Promise<{ ok: boolean; detail: string }>,
  kvm: KvmAccess,
): Promise<AccelChoice> {
  if (requested === 'tcg') return { accel: 'tcg', note: 'tcg requested' };
  const problem = !(kvm.exists ?? (() => existsSync('/dev/kvm')))()
    ? '/dev/kvm does not exist'
    : !(await kvm.ensure())
      ? '/dev/kvm is not accessible to this user'
      : undefined;
  const result = problem ? { ok: false, detail: problem } : await probeBoot();
  if (result.ok) return { accel: 'kvm', note: `kvm: ${result.detail}` };
  if (requested === 'kvm') throw new RunError(`--accel kvm: KVM does not work here (${result.detail})`);
  return { accel: 'tcg', note: `auto fell back to tcg: ${result.detail}` };
}
