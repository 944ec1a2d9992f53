// The boot hook of a BSD guest (POSIX sh, as each BSD's /bin/sh runs it), as text. Prepare
// installs it, started from /etc/rc.local when a job disk is attached (install.ts). It reads the job disk
// (a tar archive holding `job`), loads the modules and applies the sysctls in order (each read
// back), finds the test interface by its MAC address, addresses it, reports the TCP knobs and
// starts iperf3's server, with the same framed events as the Linux guests on the second serial
// port. It never evaluates job text as code. Not yet run on a BSD: tests run it under dash with
// stand-ins for sysctl, ifconfig and the rest.
import { GUEST_CONTROL_PREFIX } from '../protocol.js';
import { OPTIONAL_SYSCTL } from '../linux/job.js';
import type { BsdTraits } from './traits.js';

/** Where the hook reads and writes: the OS's devices by default, other files in tests. */
export interface HookPaths {
  controlDevice: string;
  jobDevice: string;
  /** A folder of the guest's own where the job is unpacked. */
  runDir: string;
  /** The hook's PATH: the base system's tools, then packages (FreeBSD's /usr/local, NetBSD's /usr/pkg). */
  searchPath: string;
}

const BSD_PATH = '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/pkg/sbin:/usr/pkg/bin';

export function defaultHookPaths(traits: BsdTraits): HookPaths {
  const { controlDevice, jobDevice } = traits;
  return { controlDevice, jobDevice, runDir: '/var/run/nicgate', searchPath: BSD_PATH };
}

function quoted(path: string): string {
  if (!/^[A-Za-z0-9_./-]+$/.test(path))
    throw new Error(`unsafe path for the boot hook: ${JSON.stringify(path)}`);
  return path;
}

export function bsdBootHook(traits: BsdTraits, paths: HookPaths = defaultHookPaths(traits)): string {
  const ctl = quoted(paths.controlDevice);
  const run = quoted(paths.runDir);
  const moduleLoad = traits.moduleLoad.length > 0 ? traits.moduleLoad.join(' ') : '';
  return `#!/bin/sh
# nicgate's boot hook (${traits.name}).
PATH=${paths.searchPath.split(':').map(quoted).join(':')}
export PATH
set -f
ctl=${ctl}
job=${run}/job
stty -f "$ctl" raw -echo 2>/dev/null
say() { printf '${GUEST_CONTROL_PREFIX}%s:%s\\n' "$1" "$2" >> "$ctl"; }
fail() { say error "$1"; sleep 1; shutdown -p now; exit 1; }

mkdir -p ${run}
tar -xf ${quoted(paths.jobDevice)} -C ${run} 2>${run}/tar.err || fail "cannot read the job disk: $(cat ${run}/tar.err)"
[ -f "$job" ] || fail "the job disk holds no job"
say kernel "$(uname -r)"

# Modules and sysctls in the job's order (a limit before what it bounds), each read back.
while read -r kind a rest; do
  case "$kind" in
    module)
      ${moduleLoad === '' ? 'fail "this OS loads no modules: $a"' : `${moduleLoad} "$a" >/dev/null 2>${run}/module.err || fail "cannot load module $a: $(cat ${run}/module.err)"`}
      ;;
    sysctl|${OPTIONAL_SYSCTL})
      if ! sysctl -n "$a" >/dev/null 2>&1; then
        [ "$kind" = ${OPTIONAL_SYSCTL} ] && { say skipped "$a"; continue; }
        fail "sysctl $a is not available in the guest kernel"
      fi
      sysctl "$a=$rest" >/dev/null 2>${run}/sysctl.err || fail "sysctl $a=$rest was refused by the guest kernel"
      say sysctl "$a=$(sysctl -n "$a")"
      ;;
    sysctl-listed)
      # "sysctl-listed LIST NAME VALUE": VALUE counts only where LIST names it.
      set -- $rest
      if sysctl -n "$a" 2>/dev/null | tr ',' ' ' | grep -qw -- "$2"; then
        sysctl "$1=$2" >/dev/null 2>${run}/sysctl.err || fail "sysctl $1=$2 was refused by the guest kernel"
        say sysctl "$1=$(sysctl -n "$1")"
      else
        say skipped "$1"
      fi
      ;;
  esac
done < "$job"

# The test interface: the one with the job's MAC (ifconfig says ether, address: or lladdr).
want_mac=
while read -r kind a rest; do
  [ "$kind" = mac ] && want_mac="$a"
done < "$job"
[ -n "$want_mac" ] || fail "the job names no MAC address"
ifconfig -a > ${run}/ifconfig 2>&1 || fail "ifconfig -a failed"
iface=
current=
while IFS= read -r line; do
  case "$line" in
    [!\\ \\	]*) current="\${line%%:*}" ;;
    *)
      set -- $line
      case "$1" in ether|address:|lladdr) [ "$2" = "$want_mac" ] && { iface="$current"; break; } ;; esac
      ;;
  esac
done < ${run}/ifconfig
[ -n "$iface" ] || fail "no interface has MAC $want_mac (is its driver in the guest kernel?)"
say iface "$iface"

while read -r kind a rest; do
  case "$kind" in
    address) ifconfig "$iface" inet "$a" up || fail "cannot set address $a" ;;
    mtu) ifconfig "$iface" mtu "$a" || fail "cannot set mtu $a" ;;
    shape) fail "this guest cannot shape its own link" ;;
  esac
done < "$job"

# The TCP knobs as they are now, for every profile (stock included).
while read -r kind a rest; do
  [ "$kind" = report ] || continue
  value=$(sysctl -n "$a" 2>/dev/null) && say effective "$a=$(printf '%s' "$value" | tr '\\n' ' ')"
done < "$job"

port=
while read -r kind a rest; do
  [ "$kind" = iperf3 ] && port="$a"
done < "$job"
case "$port" in ''|*[!0-9]*) fail "job has no iperf3 port" ;; esac
# -J: a client that asks (--get-server-output) gets the server's document, with TCP's own figures
# of the sending end. Its errors go to stdout then, as the document's "error".
( while :; do iperf3 -s -J -p "$port" >${run}/iperf3.out 2>${run}/iperf3.err; sleep 1; done ) &
tries=0
until netstat -an 2>/dev/null | grep -q "[.:]$port .*LISTEN"; do
  tries=$((tries + 1))
  [ "$tries" -gt 100 ] && fail "iperf3 server did not start: $(grep -h '"error"' ${run}/iperf3.out || cat ${run}/iperf3.err)"
  sleep 0.1
done
say ready "$port"
`;
}
