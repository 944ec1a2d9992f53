import { INIT_SCRIPT } from '../../../src/guest/linux/init-script.js';
import { GUEST_CONTROL_PREFIX, parseGuestLine } from '../../../src/guest/protocol.js';

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
    for (const kind of ['module', 'netem', 'report']) expect(INIT_SCRIPT).toContain(`[ "$kind" = ${kind} ]`);
    expect(INIT_SCRIPT).toContain('case "$kind" in sysctl|sysctl-optional) ;; *) continue ;; esac');
    expect(INIT_SCRIPT).toContain('address)');
    expect(INIT_SCRIPT).toMatch(/s\/\^iperf3 .*\/job/);
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
      error: 'x',
    };
    for (const [type, payload] of Object.entries(samples)) {
      expect(INIT_SCRIPT).toMatch(new RegExp(`\\bsay ${type} `));
      expect(parseGuestLine(`${GUEST_CONTROL_PREFIX}${type}:${payload}`)?.type).toBe(type);
    }
  });

  it('escapes backslashes correctly for the shell (no stray template escapes)', () => {
    expect(INIT_SCRIPT).toContain("tr '\\t' ' '");
    expect(INIT_SCRIPT).toContain('printf \'%s\\n\' "$value"');
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
    expect(INIT_SCRIPT).toContain(`[ -r "$path" ] && say effective "$name=$(tr '\\t' ' ' < "$path")"`);
  });
});
