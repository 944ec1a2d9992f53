import { RunError } from '../../src/common/errors.js';
import { chooseAccel } from '../../src/qemu/accel.js';

const probeOk = async () => ({ ok: true, detail: 'guest reached user space in 1.0 s' });

describe('chooseAccel', () => {
  it('takes tcg when asked, without touching /dev/kvm', async () => {
    let asked = false;
    const choice = await chooseAccel('tcg', probeOk, {
      exists: () => true,
      ensure: async () => (asked = true),
    });
    expect(choice).toEqual({ accel: 'tcg', note: 'tcg requested' });
    expect(asked).toBe(false);
  });

  it('asks for access to /dev/kvm (an ACL for this user, not a chmod), then probes', async () => {
    const choice = await chooseAccel('auto', probeOk, { exists: () => true, ensure: async () => true });
    expect(choice).toEqual({ accel: 'kvm', note: 'kvm: guest reached user space in 1.0 s' });
  });

  it('falls back to tcg, or fails for --accel kvm, when /dev/kvm stays closed to this user', async () => {
    const kvm = { exists: () => true, ensure: async () => false };
    expect(await chooseAccel('auto', probeOk, kvm)).toEqual({
      accel: 'tcg',
      note: 'auto fell back to tcg: /dev/kvm is not accessible to this user',
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
});
