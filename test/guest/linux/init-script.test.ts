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
    for (const kind of ['module', 'sysctl', 'netem']) expect(INIT_SCRIPT).toContain(`[ "$kind" = ${kind} ]`);
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
});
