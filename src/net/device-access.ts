// /dev/kvm and /dev/net/tun for a user who cannot open them (QEMU needs both; on some hosts
// /dev/net/tun is 0600 root). Access goes to this user only, as an ACL entry (setfacl, package
// acl), recorded in the ledger before it is added and removed in teardown; nothing is changed
// when the user can already open the device, and root never needs it.
import { closeSync, existsSync, openSync } from 'node:fs';
import { CommandError, type Exec } from '../proc/exec.js';
import type { Ledger } from './ledger.js';
import type { GrantableDevice, LedgerData } from './ledger-schema.js';

export interface DeviceAccessDeps {
  exec: Exec;
  /** Whether this user can open the device for reading and writing; a test passes a fake. */
  canOpen?: (device: string) => boolean;
  exists?: (device: string) => boolean;
  /**
   * Whether another live run of this user holds a grant on the device. Its teardown would
   * remove the entry we rely on, so we record a claim: the last run to end removes it.
   */
  heldByOtherRun?: (device: GrantableDevice) => Promise<boolean>;
}

/**
 * Opens the device for reading and writing, and closes it: what QEMU will do. Its mode bits can
 * say yes where the open fails (a module not loaded, a node on a `nodev` mount, a driver that
 * refuses this user), and an ACL mask can make them say no where the open works.
 */
export function opensReadWrite(device: string): boolean {
  try {
    closeSync(openSync(device, 'r+'));
    return true;
  } catch {
    return false;
  }
}

const priv = { privileged: true, timeoutMs: 30_000 } as const;

/** Makes `device` usable by the ledger's owner; resolves whether it is. */
export async function ensureDeviceAccess(
  device: GrantableDevice,
  ledger: Ledger,
  deps: DeviceAccessDeps,
): Promise<boolean> {
  const canOpen = deps.canOpen ?? opensReadWrite;
  const uid = ledger.data.ownerUid;
  const claim = (data: LedgerData): void => {
    if (!data.grants.some((grant) => grant.device === device)) data.grants.push({ device, uid });
  };
  if (canOpen(device)) {
    if (uid !== 0 && (await deps.heldByOtherRun?.(device))) ledger.record(claim);
    return true;
  }
  if (uid === 0 || !(deps.exists ?? existsSync)(device)) return false;
  await ledger.create({ before: claim }, () =>
    deps.exec(['setfacl', '-m', `u:${uid}:rw`, device], { ...priv, allowFailure: true }),
  );
  return canOpen(device);
}

/** Removes this run's ACL entry (teardown). A device that is gone is fine; another failure throws. */
export async function revokeDeviceAccess(
  grant: { device: GrantableDevice; uid: number },
  exec: Exec,
): Promise<void> {
  const argv = ['setfacl', '-x', `u:${grant.uid}`, grant.device];
  const result = await exec(argv, { ...priv, allowFailure: true });
  if (result.code !== 0 && !/No such file/i.test(result.stderr)) throw new CommandError(argv, result);
}
