// What one boot is, before anything is created: its tap and addresses, where its link is shaped,
// the job its guest gets and the QEMU it runs in. Pure: a run boots from it (boot.ts), and
// `nicgate plan` prints it with placeholders for what a run fills in (cli/plan-command.ts).
import { linkShaping, type LinkPlacement } from '../net/link-shaping.js';
import type { BootJob, GuestImage, OperatingSystem } from '../guest/os.js';
import type { GuestName } from '../model/guests.js';
import type { Accelerator, LinkProfile, TuningProfile } from '../model/plan.js';
import { SAVED_GUEST_FORMAT, type SavedGuestKeyParts } from '../model/saved-guest.js';
import { linkAddresses, type LinkAddresses } from '../net/addresses.js';
import { nicDeviceProps } from '../nic/drivers.js';
import { vhostFor } from '../nic/models.js';
import {
  cpuModelFor,
  OVMF_FIRMWARE,
  QEMU_BINARY,
  QEMU_MACHINE,
  type BootSource,
  type VmSpec,
} from '../qemu/argv.js';
import { CONSOLE_FD } from '../qemu/console-file.js';

export const GUEST_IPERF3_PORT = 5201;

/** Guest memory: room for 16 MiB socket buffers with several streams. */
const GUEST_MEMORY_MIB = 512;
/** One vCPU: a TCG guest's traffic path is single-threaded anyway, and it leaves a core for the peer. */
export const GUEST_CPUS = 1;

/** Saved guests all carry the MAC they were saved with; each has a link of its own, so one MAC serves. */
export const SAVED_GUEST_MAC = '52:54:00:00:00:02';

export interface GuestSetup {
  guest: GuestName;
  nic: string;
  profile: TuningProfile;
  link: LinkProfile;
}

/** One boot's resources and what it is asked to do. */
export interface BootPlan {
  index: number;
  setup: GuestSetup;
  /** The OS the guest runs: its machine and what it needs of the NIC. */
  os: OperatingSystem;
  tap: string;
  addresses: LinkAddresses;
  /** netem words for the host side of the tap; [] where the host does not shape. */
  netem: readonly string[];
  linkAppliedAt: LinkPlacement;
  job: BootJob;
}

/** Boot `index` of `setup` on `tap`, its guest running `os`, on a host with or without sch_netem. */
export function planBoot(
  boot: { index: number; setup: GuestSetup; os: OperatingSystem; tap: string },
  hostNetem: boolean,
): BootPlan {
  const addresses = linkAddresses(boot.index);
  const shaping = linkShaping(boot.setup.link, hostNetem, boot.os.shapesOwnLink);
  const job: BootJob = {
    nic: boot.setup.nic,
    sysctls: boot.setup.profile.sysctls,
    address: `${addresses.guest}/${addresses.prefixLength}`,
    ...(shaping.guest.length > 0 ? { netem: shaping.guest } : {}),
    iperf3Port: GUEST_IPERF3_PORT,
    // A cold boot's NIC has this MAC (a restored guest keeps the one it was saved with, and its
    // control job names none).
    mac: addresses.guestMac,
  };
  return { ...boot, addresses, netem: shaping.host, linkAppliedAt: shaping.appliedAt, job };
}

/** What the run's host gives each guest: the accelerator, its `-cpu`, whether vhost-net opens. */
export interface GuestHost {
  accel: Accelerator;
  /** The `-cpu` value the accelerator probe chose; undefined: cpuModelFor(accel). */
  cpu?: string;
  /** Whether /dev/vhost-net opens for this user (virtio-net then gets `vhost=on`). */
  vhostNet?: boolean;
}

/** The QEMU of a measurement boot: memory, vCPUs, the boot source, the console, the NIC under test. */
export function guestVmSpec(
  host: GuestHost,
  boot: BootSource,
  nic: { model: string; tap: string; mac: string },
  os: OperatingSystem,
): VmSpec {
  const { machine } = os;
  return {
    binary: QEMU_BINARY,
    accel: host.accel,
    ...(host.cpu === undefined ? {} : { cpuModel: host.cpu }),
    memoryMiB: GUEST_MEMORY_MIB,
    cpus: GUEST_CPUS,
    boot,
    consoleFd: CONSOLE_FD,
    nic: {
      ...nic,
      props: nicDeviceProps(os.nics, nic.model),
      vhost: vhostFor(nic.model, host.vhostNet === true) === 'on',
    },
    ...(machine.firmware === 'uefi' ? { firmware: OVMF_FIRMWARE } : {}),
    ...(machine.cpuFeaturesOff.length > 0 ? { cpuFeaturesOff: machine.cpuFeaturesOff } : {}),
  };
}

/** The QEMU of `plan`'s boot from `boot`, its NIC with `mac` (the job's, or the saved guests' one). */
export function bootVmSpec(plan: BootPlan, host: GuestHost, boot: BootSource, mac: string): VmSpec {
  return guestVmSpec(host, boot, { model: plan.setup.nic, tap: plan.tap, mac }, plan.os);
}

/** What a saved state of a guest depends on. */
export function savedGuestParts(
  ctx: { image: Pick<GuestImage, 'contentHash'>; accel: Accelerator; cpu?: string },
  nic: string,
  host: { qemuVersion: string; hostCpu: string },
): SavedGuestKeyParts {
  return {
    format: SAVED_GUEST_FORMAT,
    image: ctx.image.contentHash,
    nic,
    memoryMiB: GUEST_MEMORY_MIB,
    cpus: GUEST_CPUS,
    qemuVersion: host.qemuVersion,
    accel: ctx.accel,
    machine: QEMU_MACHINE,
    // A state saved under one -cpu does not load under another.
    cpuModel: ctx.cpu ?? cpuModelFor(ctx.accel),
    hostCpu: host.hostCpu,
  };
}
