// Picks the accelerator and the guest CPU. /dev/kvm can exist and still hang a guest, so `auto`
// boots a real guest under KVM with a short limit and falls back to TCG when it does not reach
// user space. Under nested KVM (GitHub's runners among them) QEMU can abort on `-cpu host` when
// KVM refuses IA32_ARCH_CAPABILITIES (MSR 0x10a); the same guest without that feature is tried
// before falling back to TCG, which is several times slower.
import { existsSync } from 'node:fs';
import { RunError } from '../common/errors.js';
import type { Accel, Accelerator } from '../model/plan.js';
import { cpuModelFor } from './argv.js';

export interface AccelChoice {
  accel: Accelerator;
  note: string;
  /** The `-cpu` value every guest gets: `host`, `host,-arch-capabilities`, or TCG's model. */
  cpu: string;
}

export interface KvmAccess {
  exists?: () => boolean;
  /**
   * Makes /dev/kvm usable by this user if it can be (an ACL entry for this user only, recorded
   * in the ledger: net/device-access.ts); resolves whether it is.
   */
  ensure: () => Promise<boolean>;
}

export interface ProbeOutcome {
  ok: boolean;
  detail: string;
  /** QEMU's standard error, where it ended: what tells the MSR failure apart. */
  stderr?: string;
}

/** The KVM guest CPU without IA32_ARCH_CAPABILITIES, the feature whose MSR nested KVM can refuse. */
export const KVM_CPU_WITHOUT_ARCH_CAPABILITIES = `${cpuModelFor('kvm')},-arch-capabilities`;

/** QEMU's "failed to set MSR 0x10a to ..." (then an assertion in kvm_buf_set_msrs and an abort). */
export function archCapabilitiesRefused(stderr: string): boolean {
  return /failed to set MSR 0x10a\b/i.test(stderr);
}

/**
 * `probeBoot` boots the guest under KVM with the given `-cpu` and resolves ok once its user space
 * reports in, not ok on a hang or failure (it must enforce its own short limit).
 */
export async function chooseAccel(
  requested: Accel,
  probeBoot: (cpu: string) => Promise<ProbeOutcome>,
  kvm: KvmAccess,
): Promise<AccelChoice> {
  const tcg = cpuModelFor('tcg');
  if (requested === 'tcg') return { accel: 'tcg', note: 'tcg requested', cpu: tcg };
  const problem = !(kvm.exists ?? (() => existsSync('/dev/kvm')))()
    ? '/dev/kvm does not exist'
    : !(await kvm.ensure())
      ? '/dev/kvm is not accessible to this user'
      : undefined;
  const result = problem ? { ok: false, detail: problem, cpu: tcg } : await probeKvm(probeBoot);
  if (result.ok) return { accel: 'kvm', note: `kvm: ${result.detail}`, cpu: result.cpu };
  if (requested === 'kvm') throw new RunError(`--accel kvm: KVM does not work here (${result.detail})`);
  return { accel: 'tcg', note: `auto fell back to tcg: ${result.detail}`, cpu: tcg };
}

/** `-cpu host`, and where QEMU aborted on MSR 0x10a, `-cpu host,-arch-capabilities`. */
async function probeKvm(
  probeBoot: (cpu: string) => Promise<ProbeOutcome>,
): Promise<{ ok: boolean; detail: string; cpu: string }> {
  const host = cpuModelFor('kvm');
  const first = await probeBoot(host);
  if (first.ok || !archCapabilitiesRefused(first.stderr ?? first.detail))
    return { ok: first.ok, detail: first.detail, cpu: host };
  const retry = await probeBoot(KVM_CPU_WITHOUT_ARCH_CAPABILITIES);
  const why = `-cpu ${host} failed to set MSR 0x10a (IA32_ARCH_CAPABILITIES)`;
  return {
    ok: retry.ok,
    detail: retry.ok
      ? `${retry.detail} with -cpu ${KVM_CPU_WITHOUT_ARCH_CAPABILITIES} (${why})`
      : `${why}, and -cpu ${KVM_CPU_WITHOUT_ARCH_CAPABILITIES} did not work either: ${retry.detail}`,
    cpu: KVM_CPU_WITHOUT_ARCH_CAPABILITIES,
  };
}
