import { readFileSync } from 'node:fs';
import { RunError } from '../../src/common/errors.js';
import { archCapabilitiesRefused, chooseAccel, type ProbeOutcome } from '../../src/qemu/accel.js';

const probeOk = async () => ({ ok: true, detail: 'guest reached user space in 1.0 s' });

/** QEMU's standard error where nested KVM refuses IA32_ARCH_CAPABILITIES for `-cpu host`. */
const MSR_ABORT = readFileSync(
  new URL('../../fixtures/qemu/kvm-msr-0x10a-abort.stderr', import.meta.url),
  'utf8',
);
const msrAbort: ProbeOutcome = {
  ok: false,
  detail: 'QEMU was killed by SIGABRT before the guest reported in',
  stderr: MSR_ABORT,
};
const kvmThere = { exists: () => true, ensure: async () => true };

/** A probe that answers each `-cpu` from `outcomes`, recording what it was asked. */
function probeBy(outcomes: Record<string, ProbeOutcome>) {
  const tried: string[] = [];
  const probe = async (cpu: string): Promise<ProbeOutcome> => {
    tried.push(cpu);
    return outcomes[cpu]!;
  };
  return { probe, tried };
}

describe('chooseAccel', () => {
  it('takes tcg when asked, without touching /dev/kvm', async () => {
    let asked = false;
    const choice = await chooseAccel('tcg', probeOk, {
      exists: () => true,
      ensure: async () => (asked = true),
    });
    expect(choice).toEqual({ accel: 'tcg', note: 'tcg requested', cpu: 'max' });
    expect(asked).toBe(false);
  });

  it('asks for access to /dev/kvm (an ACL for this user, not a chmod), then probes', async () => {
    const choice = await chooseAccel('auto', probeOk, { exists: () => true, ensure: async () => true });
    expect(choice).toEqual({ accel: 'kvm', note: 'kvm: guest reached user space in 1.0 s', cpu: 'host' });
  });

  it('falls back to tcg, or fails for --accel kvm, when /dev/kvm stays closed to this user', async () => {
    const kvm = { exists: () => true, ensure: async () => false };
    expect(await chooseAccel('auto', probeOk, kvm)).toEqual({
      accel: 'tcg',
      note: 'auto fell back to tcg: /dev/kvm is not accessible to this user',
      cpu: 'max',
    });
    await expect(chooseAccel('kvm', probeOk, kvm)).rejects.toBeInstanceOf(RunError);
  });

  it('does not ask for access to a /dev/kvm that does not exist', async () => {
    let asked = false;
    const choice = await chooseAccel('auto', probeOk, {
      exists: () => false,
      ensure: async () => (asked = true),
    });
    expect(choice.note).toBe('auto fell back to tcg: /dev/kvm does not exist');
    expect(asked).toBe(false);
  });

  it("tells QEMU's MSR 0x10a abort apart from other failures", () => {
    expect(archCapabilitiesRefused(MSR_ABORT)).toBe(true);
    expect(archCapabilitiesRefused('qemu-system-x86_64: error: failed to set MSR 0x10b to 0x1')).toBe(false);
    expect(archCapabilitiesRefused('Could not access KVM kernel module: Permission denied')).toBe(false);
  });

  it('retries -cpu host without arch-capabilities where QEMU aborted on MSR 0x10a, and keeps it', async () => {
    const { probe, tried } = probeBy({
      host: msrAbort,
      'host,-arch-capabilities': { ok: true, detail: 'guest reached user space in 0.8 s' },
    });
    for (const requested of ['auto', 'kvm'] as const) {
      tried.length = 0;
      const choice = await chooseAccel(requested, probe, kvmThere);
      expect(tried).toEqual(['host', 'host,-arch-capabilities']);
      expect(choice).toEqual({
        accel: 'kvm',
        cpu: 'host,-arch-capabilities',
        note: 'kvm: guest reached user space in 0.8 s with -cpu host,-arch-capabilities (-cpu host failed to set MSR 0x10a (IA32_ARCH_CAPABILITIES))',
      });
    }
  });

  it('falls back to tcg (or fails for --accel kvm) when the retry fails too, naming both', async () => {
    const { probe, tried } = probeBy({
      host: msrAbort,
      'host,-arch-capabilities': { ok: false, detail: 'timed out after 20 s' },
    });
    const choice = await chooseAccel('auto', probe, kvmThere);
    expect(tried).toEqual(['host', 'host,-arch-capabilities']);
    expect(choice).toEqual({
      accel: 'tcg',
      cpu: 'max',
      note: 'auto fell back to tcg: -cpu host failed to set MSR 0x10a (IA32_ARCH_CAPABILITIES), and -cpu host,-arch-capabilities did not work either: timed out after 20 s',
    });
    await expect(chooseAccel('kvm', probe, kvmThere)).rejects.toThrow('-cpu host,-arch-capabilities');
  });

  it('does not retry after any other failure', async () => {
    const { probe, tried } = probeBy({
      host: { ok: false, detail: 'timed out after 20 s', stderr: 'KVM: entry failed, hardware error 0x7\n' },
    });
    const choice = await chooseAccel('auto', probe, kvmThere);
    expect(tried).toEqual(['host']);
    expect(choice).toEqual({ accel: 'tcg', cpu: 'max', note: 'auto fell back to tcg: timed out after 20 s' });
  });
});
