// The devices a run's QEMU opens as this user: /dev/net/tun and /dev/kvm, granted where they do
// not open (an ACL entry for this user: net/device-access.ts), and /dev/vhost-net, only tried.
// Each is checked by opening it, the way QEMU will.
import { existsSync } from 'node:fs';
import { opensReadWrite, ensureDeviceAccess, type DeviceAccessDeps } from '../net/device-access.js';
import type { GrantableDevice } from '../net/ledger-schema.js';
import { grantsHeldByOthers } from '../net/teardown.js';
import type { KvmAccess } from '../qemu/accel.js';
import type { EngineDeps } from './deps.js';
import type { EventSink } from './events.js';
import type { RunLifetime } from './lifetime.js';

/** Device access for this run: its ledger's grants, and claims on grants other live runs hold. */
export function deviceDeps(lifetime: RunLifetime, deps: EngineDeps): DeviceAccessDeps {
  const { ledger, stateDir } = lifetime;
  return {
    exec: deps.exec,
    ...(deps.canOpenDevice ? { canOpen: deps.canOpenDevice } : {}),
    ...(deps.deviceExists ? { exists: deps.deviceExists } : {}),
    heldByOtherRun: async (device: GrantableDevice) =>
      (await grantsHeldByOthers(stateDir, ledger.data.runId, deps.processes)).has(device),
  };
}

/** /dev/kvm's existence and this user's access to it, the grant made once however often it is asked. */
export function kvmAccess(ledger: RunLifetime['ledger'], devices: DeviceAccessDeps): Required<KvmAccess> {
  let granted: Promise<boolean> | undefined;
  return {
    exists: () => (devices.exists ?? existsSync)('/dev/kvm'),
    ensure: () => (granted ??= ensureDeviceAccess('/dev/kvm', ledger, devices)),
  };
}

/** vhost-net where /dev/vhost-net opens for this user (QEMU opens it as this user); never granted. */
export function vhostNetOpens(deps: EngineDeps, emit: EventSink): boolean {
  const opens = (deps.canOpenDevice ?? opensReadWrite)('/dev/vhost-net');
  emit({
    type: 'stage',
    message: opens
      ? 'vhost-net: on for virtio-net (/dev/vhost-net opens)'
      : 'vhost-net: off (/dev/vhost-net does not open for this user)',
  });
  return opens;
}
