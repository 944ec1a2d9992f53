// The guest's /init (busybox sh). It reads /job, written by the host with values that were
// validated there, and reports on the control serial port (ttyS1) in lines of the form
// `NICGATE:<type>:<payload>` (see ../protocol.ts). It never evaluates job text as code.
import { GUEST_CONTROL_PREFIX } from '../protocol.js';
import { AWAIT_JOB, INTERFACE_WORD, JOB_BEGIN, JOB_END, OPTIONAL_SYSCTL } from './job.js';

/**
 * wait_carrier NAME: returns once the interface has carrier, fails after 5 s. An emulated e1000
 * negotiates for a while after it is set up, and a first connection sent before that waits out a
 * SYN retransmission (1 s). Needs say and fail; shared with the Debian guest's boot hook.
 */
export const WAIT_CARRIER = `wait_carrier() {
  tries=0
  until read -r carrier < "/sys/class/net/$1/carrier" 2>/dev/null && [ "$carrier" = 1 ]; do
    tries=$((tries + 1))
    [ "$tries" -gt 250 ] && fail "$1 has no carrier 5 s after it was set up"
    sleep 0.02
  done
}
`;

const INIT_SCRIPT_HEAD = `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
# Debian's busybox-static runs its own applets before PATH; full paths pick iproute2's tools.
IP=/usr/sbin/ip
TC=/usr/sbin/tc
IPERF3=/usr/bin/iperf3
set -f
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /run
ctl=/dev/ttyS1
stty -F "$ctl" raw -echo 2>/dev/null
say() { printf '${GUEST_CONTROL_PREFIX}%s:%s\\n' "$1" "$2" > "$ctl"; }
halt_guest() { sleep 1; poweroff -f; }
fail() { say error "$1"; halt_guest; }
${WAIT_CARRIER}
# Shell builtins where a process would do: under TCG each fork and exec of a tool costs tens of
# milliseconds of emulated CPU, more in a restored guest, whose translations were not saved.
read -r release < /proc/sys/kernel/osrelease
say kernel "$release"
"$IP" link set lo up
# No IPv6 on the interfaces to come: the test is IPv4, and an interface that comes up with IPv6
# joins multicast groups, which rewrites an emulated e1000's receive control register and makes
# QEMU hold every received frame for a second (the first connection waited 0.8 s). A profile may
# still turn it back on.
for path in /proc/sys/net/ipv6/conf/default/disable_ipv6 /proc/sys/net/ipv6/conf/all/disable_ipv6; do
  [ -w "$path" ] && printf '1\n' > "$path"
done

# Modules first: the NIC driver creates the interface, tcp_bbr/sch_fq/sch_netem back the profile.
while read -r kind a rest; do
  [ "$kind" = module ] || continue
  insmod "/modules/$a" 2>/tmp/insmod.err || grep -q 'File exists' /tmp/insmod.err || fail "cannot load module $a: $(cat /tmp/insmod.err)"
done < /job

# A guest meant to be saved stops here, drivers loaded, its interface up and carrying (an emulated
# e1000 negotiates for about 2 s after it is set up, and a restored copy keeps the link it was
# saved with), nothing else set: the host saves its state and every restored copy reads its own
# job (the lines below act on) from the control port.
if grep -qx '${AWAIT_JOB}' /job; then
  set +f
  for path in /sys/class/net/*; do
    name="\${path##*/}"
    [ "$name" = lo ] || [ ! -e "$path" ] && continue
    "$IP" link set "$name" up || fail "cannot bring $name up"
    wait_carrier "$name"
  done
  set -f
  say awaiting job
  : > /job
  # Lines before the begin line are the host's lead-in (job.ts: a restore loses the first bytes).
  begun=
  count=0
  while IFS= read -r line; do
    if [ -z "$begun" ]; then
      [ "$line" = '${JOB_BEGIN}' ] && begun=1
      continue
    fi
    case "$line" in '${JOB_END} '*) break ;; esac
    printf '%s\n' "$line" >> /job
    count=$((count + 1))
  done < "$ctl"
  [ "$line" = "${JOB_END} $count" ] || fail "the job arrived incomplete: $count lines, then '$line'"
  say job received
  # A restored guest's earlier lines went to the QEMU that saved it.
  say kernel "$release"
fi

`;

/** The job disk of a disk guest: a raw tar archive holding `job`, the second virtio disk. */
export const JOB_DEVICE = '/dev/vdb';

/**
 * A disk guest's hook, first: the job from the job disk, the kernel reported, loopback up. Needs
 * say, fail and $IP; shared by the Debian disk guest's hook and a user image's.
 */
export const READ_JOB_DISK = `read -r release < /proc/sys/kernel/osrelease
mkdir -p /run/job
tar -xf ${JOB_DEVICE} -C /run/job 2>/tmp/tar.err || fail "cannot read the job disk: $(cat /tmp/tar.err)"
cp /run/job/job /job 2>/dev/null || fail "the job disk holds no job"
say kernel "$release"
"$IP" link set lo up
`;

/**
 * Everything after the modules: the profile, the test interface, the link, the knobs report and
 * the iperf3 server. Shared by every guest that runs nicgate's own shell (the initramfs guest's
 * /init, the Debian disk guest's boot hook, a user image's hook); it expects say, fail, $IP, $TC, $IPERF3
 * and /job.
 */
export const JOB_STEPS = `# Sysctls before the link comes up, so net.core.default_qdisc applies to the new interface.
applied=
while read -r kind name value; do
  case "$kind" in sysctl|${OPTIONAL_SYSCTL}) ;; *) continue ;; esac
  path="/proc/sys/\${name//.//}"
  if [ ! -e "$path" ]; then
    # A "-" line of the profile (sysctl --system's "ignore if missing"): skipped, and said so.
    [ "$kind" = ${OPTIONAL_SYSCTL} ] && { say skipped "$name"; continue; }
    fail "sysctl $name is not available in the guest kernel"
  fi
  printf '%s\\n' "$value" > "$path" 2>/tmp/sysctl.err || fail "sysctl $name=$value was refused by the guest kernel"
  applied="$applied $path"
done < /job
# Each value as the kernel has it now, read back in one grep (as the knobs below).
if [ -n "$applied" ]; then
  grep -H '' $applied > /tmp/applied
  while IFS= read -r line; do
    path="\${line%%:*}"
    name="\${path#/proc/sys/}"
    set -- \${line#*:}
    say sysctl "\${name//\\//.}=$*"
  done < /tmp/applied
fi

# The test interface: the one with the job's MAC address when it names one, else the first.
want_mac=
while read -r kind a rest; do
  [ "$kind" = mac ] && want_mac="$a"
done < /job
iface=
set +f
for path in /sys/class/net/*; do
  name="\${path##*/}"
  [ "$name" = lo ] && continue
  [ -e "$path" ] || continue
  if [ -n "$want_mac" ]; then
    read -r mac < "$path/address"
    [ "$mac" = "$want_mac" ] || continue
  fi
  iface="$name"
  break
done
set -f
[ -n "$iface" ] || fail "no network interface appeared (is the NIC driver in the guest kernel?)"
say iface "$iface"

while read -r kind a rest; do
  case "$kind" in
    address) "$IP" addr add "$a" dev "$iface" || fail "cannot set address $a" ;;
    mtu) "$IP" link set "$iface" mtu "$a" || fail "cannot set mtu $a" ;;
  esac
done < /job
# Up already in a restored guest (saved so, see the awaiting step above), so its root qdisc
# predates the profile's net.core.default_qdisc; it gets that qdisc below, as a new one would.
read -r flags < "/sys/class/net/$iface/flags"
was_up=$((flags & 1))
# Not again when up: setting the flags rewrites the receive mode, and an emulated e1000 then holds
# received frames for a second (QEMU's flush timer), which a restored guest's first connection met.
[ "$was_up" = 1 ] || "$IP" link set "$iface" up || fail "cannot bring $iface up"
# Ready only once the link carries traffic: an emulated e1000 negotiates for a while after it is
# set up, and a first connection sent before that waits out a SYN retransmission (1 s).
wait_carrier "$iface"

# The link: netem under a prio root, iperf3's control connection in the other band (net/link-shaping.ts).
# Each shape line holds validated tc words (letters, digits and _.:%/- only, so tc's batch reader
# takes them as they are); ${INTERFACE_WORD} stands for the test interface. One tc process runs
# them all and then shows the result: each exec of tc costs tens of milliseconds under TCG.
: > /tmp/shape
while read -r kind rest; do
  [ "$kind" = shape ] || continue
  line=
  for word in $rest; do
    [ "$word" = ${INTERFACE_WORD} ] && word="$iface"
    line="$line $word"
  done
  printf '%s\n' "$line" >> /tmp/shape
done < /job
if [ -s /tmp/shape ]; then
  printf 'qdisc show dev %s\n' "$iface" >> /tmp/shape
  "$TC" -batch /tmp/shape > /tmp/qdisc 2>/tmp/tc.err || fail "link emulation in the guest failed: $(cat /tmp/tc.err)"
  while IFS= read -r qdisc; do
    case "$qdisc" in *netem*) say netem "$qdisc" ;; esac
  done < /tmp/qdisc
elif [ "$was_up" = 1 ]; then
  read -r qdisc < /proc/sys/net/core/default_qdisc
  "$TC" qdisc replace dev "$iface" root "$qdisc" 2>/tmp/tc.err || fail "cannot give $iface the root qdisc $qdisc: $(cat /tmp/tc.err)"
fi

# The standard TCP knobs as they are now, for every profile (stock included). One grep reads them
# all: a fork and exec costs tens of milliseconds of emulated CPU under TCG. (The shell's own
# \`read\` cannot: integer sysctls answer a read at a non-zero offset with end of file.)
knobs=
while read -r kind name rest; do
  [ "$kind" = report ] || continue
  [ -r "/proc/sys/\${name//.//}" ] && knobs="$knobs /proc/sys/\${name//.//}"
done < /job
if [ -n "$knobs" ]; then
  grep -H '' $knobs > /tmp/knobs
  while IFS= read -r line; do
    path="\${line%%:*}"
    name="\${path#/proc/sys/}"
    set -- \${line#*:}
    say effective "\${name//\\//.}=$*"
  done < /tmp/knobs
fi

port=$(sed -n 's/^iperf3 \\([0-9]*\\).*/\\1/p' /job)
[ -n "$port" ] || fail "job has no iperf3 port"
# -J: a client that asks (--get-server-output) gets the server's document, with TCP's own figures
# of the sending end. Its errors go to stdout then, as the document's "error".
( while true; do "$IPERF3" -s -J -p "$port" >/tmp/iperf3.out 2>/tmp/iperf3.err; sleep 0.2; done ) &
hexport=$(printf '%04X' "$port")
tries=0
until grep -q ":$hexport [0-9A-F]*:0000 0A" /proc/net/tcp /proc/net/tcp6 2>/dev/null; do
  tries=$((tries + 1))
  [ "$tries" -gt 200 ] && fail "iperf3 server did not start: $(grep -h '"error"' /tmp/iperf3.out || cat /tmp/iperf3.err)"
  sleep 0.05
done
say ready "$port"
while true; do sleep 3600; done
`;

export const INIT_SCRIPT = `${INIT_SCRIPT_HEAD}${JOB_STEPS}`;
