// The scripts of the Debian disk-image guest (busybox sh), as text. Stage 1 is the initrd's /init:
// it loads the block and file system drivers and hands over to the disk's root. Stage 2 is the
// disk's /sbin/init: with the boot hook installed (by prepare) and a job disk attached it runs
// the hook; otherwise it brings up the control NIC and an SSH server for prepare. Neither ever
// evaluates text from a job as code.
import { JOB_DEVICE, JOB_STEPS, READ_JOB_DISK, WAIT_CARRIER } from '../linux/init-script.js';
import { GUEST_CONTROL_PREFIX } from '../protocol.js';

/** The root file system's partition as the guest kernel names it (virtio-blk, second partition). */
const ROOT_DEVICE = '/dev/vda2';
/** Where prepare installs the boot hook; stage 2 runs it when a job disk is attached. */
export const BOOT_HOOK = '/etc/nicgate/hook';
/** Module files stage 2 loads for the control NIC, one per line, dependencies first. */
export const CONTROL_MODULES = '/etc/nicgate/control-modules';
/** The user-mode control NIC's fixed guest address (QEMU's slirp default network). */
const CONTROL_ADDRESS = '10.0.2.15/24';

const PRELUDE = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
set -f
ctl=/dev/ttyS1
`;

const SAY = `stty -F "$ctl" raw -echo 2>/dev/null
say() { printf '${GUEST_CONTROL_PREFIX}%s:%s\\n' "$1" "$2" > "$ctl"; }
fail() { say error "$1"; sleep 1; poweroff -f; }
`;

/** Stage 1 (the initrd's /init): drivers for the root disk, then switch_root to the disk's init. */
export function stage1Init(moduleFiles: readonly string[]): string {
  return `${PRELUDE}mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
${SAY}while read -r module; do
  insmod "/modules/$module" 2>/tmp/insmod.err || grep -q 'File exists' /tmp/insmod.err || fail "cannot load module $module: $(cat /tmp/insmod.err)"
done <<'MODULES'
${moduleFiles.join('\n')}
MODULES
tries=0
until [ -b ${ROOT_DEVICE} ]; do
  tries=$((tries + 1))
  [ "$tries" -gt 200 ] && fail "the root disk ${ROOT_DEVICE} did not appear"
  sleep 0.05
done
mkdir -p /newroot
mount -t ext4 -o rw ${ROOT_DEVICE} /newroot || fail "cannot mount the root file system ${ROOT_DEVICE}"
mount --move /dev /newroot/dev
umount /proc /sys
exec switch_root /newroot /sbin/init
`;
}

/** Stage 2 (the disk's /sbin/init). */
export const STAGE2_INIT = `${PRELUDE}mount -t proc proc /proc 2>/dev/null
mount -t sysfs sysfs /sys 2>/dev/null
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /tmp /run /dev/pts
mount -t devpts devpts /dev/pts
${SAY}if [ -x ${BOOT_HOOK} ] && [ -b ${JOB_DEVICE} ]; then
  exec ${BOOT_HOOK}
fi
# Prepare: the user-mode control NIC and an SSH server that takes root's empty password.
ip link set lo up
while read -r module; do
  insmod "/modules/$module" 2>/tmp/insmod.err || grep -q 'File exists' /tmp/insmod.err || fail "cannot load module $module: $(cat /tmp/insmod.err)"
done < ${CONTROL_MODULES}
iface=
set +f
for path in /sys/class/net/*; do
  name="\${path##*/}"
  [ "$name" = lo ] || { iface="$name"; break; }
done
set -f
[ -n "$iface" ] || fail "no control interface appeared"
ip addr add ${CONTROL_ADDRESS} dev "$iface" || fail "cannot address the control interface"
ip link set "$iface" up || fail "cannot bring the control interface up"
mkdir -p /etc/dropbear
/usr/sbin/dropbear -R -B -p 22 -P /run/dropbear.pid 2>/tmp/dropbear.err || fail "dropbear did not start: $(cat /tmp/dropbear.err)"
say sshd 22
while true; do sleep 3600; done
`;

/** What syslinux reads from the boot partition: one entry, no prompt. */
export function syslinuxConfig(append: readonly string[]): string {
  return `DEFAULT nicgate\nPROMPT 0\nTIMEOUT 0\nLABEL nicgate\n  LINUX /vmlinuz\n  INITRD /initrd.img\n  APPEND ${append.join(' ')}\n`;
}

/** root with an empty password (dropbear -B takes it), and the accounts busybox needs. */
export const PASSWD = 'root::0:0:root:/root:/bin/sh\n';
export const SHADOW = 'root::19000:0:99999:7:::\n';
export const GROUP = 'root:x:0:\n';
export const SHELLS = '/bin/sh\n';

/**
 * The boot hook prepare installs: the job from the job disk, the modules it names, then the same
 * steps as the initramfs guest (profile, test interface by MAC, link, report, iperf3 server).
 */
export const BOOT_HOOK_SCRIPT = `${PRELUDE}${SAY}IP=/usr/sbin/ip
TC=/usr/sbin/tc
IPERF3=/usr/bin/iperf3
${READ_JOB_DISK}while read -r kind a rest; do
  [ "$kind" = module ] || continue
  insmod "/modules/$a" 2>/tmp/insmod.err || grep -q 'File exists' /tmp/insmod.err || fail "cannot load module $a: $(cat /tmp/insmod.err)"
done < /job
${WAIT_CARRIER}${JOB_STEPS}`;
