import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INIT_SCRIPT } from '../../../src/guest/linux/init-script.js';
import { GUEST_CONTROL_PREFIX, parseGuestLine } from '../../../src/guest/protocol.js';
import { requiredTool } from '../../host/required-tool.js';

// Light checks only: the real test of the script is the end-to-end boot.
describe('INIT_SCRIPT', () => {
  const lines = INIT_SCRIPT.split('\n');

  it('starts with a busybox shebang and ends with a newline', () => {
    expect(lines[0]).toBe('#!/bin/busybox sh');
    expect(INIT_SCRIPT.endsWith('\n')).toBe(true);
  });

  it('turns off globbing before it reads the job', () => {
    const setF = lines.indexOf('set -f');
    expect(setF).toBeGreaterThan(0);
    const firstJobRead = lines.findIndex((line) => line.includes('< /job'));
    expect(firstJobRead).toBeGreaterThan(setF);
  });

  it('reads each job instruction from /job', () => {
    for (const kind of ['module', 'shape', 'report']) expect(INIT_SCRIPT).toContain(`[ "$kind" = ${kind} ]`);
    expect(INIT_SCRIPT).toContain('case "$kind" in sysctl|sysctl-optional) ;; *) continue ;; esac');
    expect(INIT_SCRIPT).toContain('address)');
    expect(INIT_SCRIPT).toMatch(/s\/\^iperf3 .*\/job/);
  });

  it("serves with -J (the server's document for --get-server-output), its errors read from stdout", () => {
    expect(INIT_SCRIPT).toContain('"$IPERF3" -s -J -p "$port" >/tmp/iperf3.out 2>/tmp/iperf3.err');
    expect(INIT_SCRIPT).toContain(
      `iperf3 server did not start: $(grep -h '"error"' /tmp/iperf3.out || cat /tmp/iperf3.err)`,
    );
  });

  it('never evaluates job text as code', () => {
    expect(INIT_SCRIPT).not.toMatch(/\beval\b/);
    expect(INIT_SCRIPT).not.toMatch(/^\s*\. /m);
    expect(INIT_SCRIPT).not.toMatch(/\bsource\b/);
  });

  it('reports on the control port with the prefix the host parses', () => {
    expect(INIT_SCRIPT).toContain('ctl=/dev/ttyS1');
    expect(INIT_SCRIPT).toContain(`printf '${GUEST_CONTROL_PREFIX}%s:%s\\n' "$1" "$2" > "$ctl"`);
    const samples = {
      kernel: '6.1.0',
      sysctl: 'a.b=1',
      effective: 'a.b=1',
      skipped: 'a.b',
      iface: 'eth0',
      netem: 'qdisc',
      ready: '5201',
      awaiting: 'job',
      error: 'x',
    };
    for (const [type, payload] of Object.entries(samples)) {
      expect(INIT_SCRIPT).toMatch(new RegExp(`\\bsay ${type} `));
      expect(parseGuestLine(`${GUEST_CONTROL_PREFIX}${type}:${payload}`)?.type).toBe(type);
    }
  });

  it('escapes backslashes correctly for the shell (no stray template escapes)', () => {
    expect(INIT_SCRIPT).toContain('printf \'%s\\n\' "$value"');
    expect(INIT_SCRIPT).toContain('path="/proc/sys/${name//.//}"');
  });

  it('skips a missing optional sysctl and says so, but fails on a missing plain one', () => {
    const missing = INIT_SCRIPT.slice(INIT_SCRIPT.indexOf('if [ ! -e "$path" ]; then'));
    const block = missing.slice(0, missing.indexOf('  fi\n'));
    expect(block).toContain('[ "$kind" = sysctl-optional ] && { say skipped "$name"; continue; }');
    expect(block).toContain('fail "sysctl $name is not available in the guest kernel"');
  });

  it('reports the standard knobs after everything is applied, before it says ready', () => {
    const report = INIT_SCRIPT.indexOf('[ "$kind" = report ]');
    expect(report).toBeGreaterThan(INIT_SCRIPT.indexOf('[ "$kind" = netem ]'));
    expect(report).toBeLessThan(INIT_SCRIPT.indexOf('say ready'));
    expect(INIT_SCRIPT).toContain("grep -H '' $knobs > /tmp/knobs");
  });

  it('turns IPv6 off before any NIC driver creates an interface', () => {
    const off = INIT_SCRIPT.indexOf('/proc/sys/net/ipv6/conf/default/disable_ipv6');
    expect(off).toBeGreaterThan(0);
    expect(off).toBeLessThan(INIT_SCRIPT.indexOf('insmod'));
  });
});

// The guest's shell is the static busybox the image carries: run the script's blocks there, against
// directories laid out like /proc/sys and /sys, with `say` printing instead of writing to the port.
describe('the init script in busybox sh', () => {
  let busybox: string;
  beforeAll(() => {
    busybox = requiredTool('busybox');
  });

  it('reports every knob in one read, tabs as spaces, names dotted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nicgate-init-'));
    try {
      mkdirSync(join(dir, 'proc/sys/net/ipv4'), { recursive: true });
      mkdirSync(join(dir, 'proc/sys/net/core'), { recursive: true });
      writeFileSync(join(dir, 'proc/sys/net/ipv4/tcp_rmem'), '4096\t131072\t6291456\n');
      writeFileSync(join(dir, 'proc/sys/net/core/default_qdisc'), 'fq_codel\n');
      const job = 'report net.ipv4.tcp_rmem\nreport net.core.default_qdisc\nreport net.ipv4.absent\n';
      writeFileSync(join(dir, 'job'), job);
      const start = INIT_SCRIPT.indexOf('knobs=\n');
      const block = INIT_SCRIPT.slice(start, INIT_SCRIPT.indexOf('\nfi\n', start) + 4)
        .replaceAll('/proc/sys/', `${dir}/proc/sys/`)
        .replaceAll('/job', `${dir}/job`)
        .replaceAll('/tmp/knobs', `${dir}/knobs`);
      const script = `set -f\nsay() { echo "$1:$2"; }\n${block}`;
      const out = execFileSync(busybox, ['sh', '-c', script], { encoding: 'utf8' });
      expect(out).toBe(
        'effective:net.ipv4.tcp_rmem=4096 131072 6291456\neffective:net.core.default_qdisc=fq_codel\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes each sysctl, then reports them all as read back in one grep', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nicgate-init-'));
    try {
      mkdirSync(join(dir, 'proc/sys/net/ipv4'), { recursive: true });
      mkdirSync(join(dir, 'proc/sys/net/core'), { recursive: true });
      writeFileSync(join(dir, 'proc/sys/net/ipv4/tcp_wmem'), '4096\t16384\t4194304\n');
      writeFileSync(join(dir, 'proc/sys/net/core/rmem_max'), '212992\n');
      const job = [
        'sysctl net.core.rmem_max 16777216',
        'sysctl-optional net.ipv4.absent 1',
        'sysctl net.ipv4.tcp_wmem 4096 16384 16777216',
        'address 198.18.0.2/30',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'job'), job);
      const start = INIT_SCRIPT.indexOf('applied=\n');
      const end = INIT_SCRIPT.indexOf('\nfi\n', INIT_SCRIPT.indexOf("grep -H '' $applied")) + 4;
      const block = INIT_SCRIPT.slice(start, end)
        .replaceAll('/proc/sys/', `${dir}/proc/sys/`)
        .replaceAll('/job', `${dir}/job`)
        .replaceAll('/tmp/applied', `${dir}/applied`)
        .replaceAll('/tmp/sysctl.err', `${dir}/sysctl.err`);
      const script = `set -f\nsay() { echo "$1:$2"; }\nfail() { echo "error:$1"; exit 1; }\n${block}`;
      const out = execFileSync(busybox, ['sh', '-c', script], { encoding: 'utf8' });
      expect(out).toBe(
        'skipped:net.ipv4.absent\nsysctl:net.core.rmem_max=16777216\nsysctl:net.ipv4.tcp_wmem=4096 16384 16777216\n',
      );
      expect(readFileSync(join(dir, 'proc/sys/net/core/rmem_max'), 'utf8')).toBe('16777216\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets the test interface up only when it is down', () => {
    const start = INIT_SCRIPT.indexOf('read -r flags < "/sys/class/net/$iface/flags"');
    const end = INIT_SCRIPT.indexOf('\n', INIT_SCRIPT.indexOf('link set "$iface" up', start));
    const block = INIT_SCRIPT.slice(start, end + 1);
    const dir = mkdtempSync(join(tmpdir(), 'nicgate-init-'));
    try {
      mkdirSync(join(dir, 'sys/class/net/eth0'), { recursive: true });
      const calls = (flags: string): string => {
        writeFileSync(join(dir, 'sys/class/net/eth0/flags'), `${flags}\n`);
        const script = `IP=echo\niface=eth0\nfail() { echo "fail $1"; }\n${block.replaceAll('/sys/class/net/', `${dir}/sys/class/net/`)}echo "was_up=$was_up"\n`;
        return execFileSync(busybox, ['sh', '-c', script], { encoding: 'utf8' });
      };
      expect(calls('0x1003')).toBe('was_up=1\n');
      expect(calls('0x1002')).toBe('link set eth0 up\nwas_up=0\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
