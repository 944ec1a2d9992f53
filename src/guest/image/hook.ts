// What prepare installs in a user's Linux image, under one folder of its own: a static busybox
// (the hook's shell, whatever shell the image has), the hook, and the init a measurement boot
// starts as PID 1 (`init=`), past the image's own init system and first-boot machinery. The hook
// is the same job runner as nicgate's own guests (linux/init-script.ts), with the image's own
// ip, tc, iperf3 and modprobe. docs/guest-contract.md says what any hook must do.
import { JOB_STEPS, READ_JOB_DISK, WAIT_CARRIER } from '../linux/init-script.js';
import { GUEST_CONTROL_PREFIX } from '../protocol.js';

/** The folder prepare installs into; nothing of nicgate's lives anywhere else in the image. */
export const HOOK_DIR = '/usr/local/lib/nicgate';
export const HOOK_BUSYBOX = `${HOOK_DIR}/busybox`;
export const HOOK_PATH = `${HOOK_DIR}/hook`;
export const HOOK_INIT = `${HOOK_DIR}/init`;

/**
 * PID 1 of a measurement boot. The image's initramfs has mounted the root (read-write: the
 * command line says `rw`, and QEMU's snapshot keeps every write off the image) and moved /proc,
 * /sys and /dev into it; the mounts below cover an initramfs that did not.
 */
export const HOOK_INIT_SCRIPT = `#!${HOOK_BUSYBOX} sh
bb=${HOOK_BUSYBOX}
"$bb" mount -t proc proc /proc 2>/dev/null
"$bb" mount -t sysfs sysfs /sys 2>/dev/null
"$bb" mount -t devtmpfs devtmpfs /dev 2>/dev/null
"$bb" mkdir -p /dev/pts /run /tmp
"$bb" mount -t devpts devpts /dev/pts 2>/dev/null
"$bb" mount -t tmpfs tmpfs /run
"$bb" mount -t tmpfs tmpfs /tmp
exec ${HOOK_PATH}
`;

/**
 * The hook. Before the job it does what the image's own boot would have done for the network
 * stack (modules-load.d, then sysctl.d), so the image's own tuning is what \`stock\` measures and
 * a profile applies on top of it.
 */
export const HOOK_SCRIPT = `#!${HOOK_BUSYBOX} sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
set -f
ctl=/dev/ttyS1
stty -F "$ctl" raw -echo 2>/dev/null
say() { printf '${GUEST_CONTROL_PREFIX}%s:%s\\n' "$1" "$2" > "$ctl"; }
fail() { say error "$1"; sleep 1; poweroff -f; }
# The image's own tools by path: this busybox runs its applets before PATH.
tool() {
  for dir in /usr/sbin /usr/bin /sbin /bin /usr/local/sbin /usr/local/bin; do
    [ -x "$dir/$1" ] && { printf '%s\\n' "$dir/$1"; return 0; }
  done
  return 1
}
IP=$(tool ip) || fail "the image has no ip (iproute2)"
TC=$(tool tc) || fail "the image has no tc (iproute2)"
IPERF3=$(tool iperf3) || fail "the image has no iperf3"
MODPROBE=$(tool modprobe) || MODPROBE=
${READ_JOB_DISK}# As the image's boot would: its modules-load.d and sysctl.d (systemd's own tools where it has them).
set +f
for dir in /usr/lib/systemd /lib/systemd; do
  [ -x "$dir/systemd-modules-load" ] && { "$dir/systemd-modules-load" 2>/dev/null; break; }
done
sysctl_tool=$(tool sysctl)
if [ -x /usr/lib/systemd/systemd-sysctl ]; then /usr/lib/systemd/systemd-sysctl 2>/dev/null
elif [ -x /lib/systemd/systemd-sysctl ]; then /lib/systemd/systemd-sysctl 2>/dev/null
elif [ -n "$sysctl_tool" ]; then "$sysctl_tool" --system >/dev/null 2>&1
fi
set -f
# No IPv6 on the interfaces to come (as nicgate's own guests: an emulated e1000 joining multicast
# groups holds received frames for a second). A profile may still turn it back on.
for path in /proc/sys/net/ipv6/conf/default/disable_ipv6 /proc/sys/net/ipv6/conf/all/disable_ipv6; do
  [ -w "$path" ] && printf '1\\n' > "$path"
done
# The job's modules by name from the image's own kernel; one that is built in or absent is no
# error here: a missing driver or sysctl fails below with its own message.
while read -r kind a rest; do
  [ "$kind" = module ] || continue
  [ -n "$MODPROBE" ] && "$MODPROBE" -q "$a" 2>/dev/null
done < /job
${WAIT_CARRIER}${JOB_STEPS}`;
