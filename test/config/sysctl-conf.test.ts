import { InputError } from '../../src/common/errors.js';
import { parseSysctlConf } from '../../src/config/sysctl-conf.js';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseSysctlConf', () => {
  it('reads name = value lines and skips comments and blank lines', () => {
    const text = [
      '# buffers',
      '; also a comment',
      '',
      'net.core.rmem_max = 16777216',
      '   net.ipv4.tcp_congestion_control=bbr   ',
    ].join('\n');
    expect(parseSysctlConf(text, 'tuning.conf')).toEqual({
      sysctls: [
        { name: 'net.core.rmem_max', value: '16777216' },
        { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
      ],
      // Each name's line, counted from 1 with comments and blank lines, so a change can be pointed at.
      lines: { 'net.core.rmem_max': 4, 'net.ipv4.tcp_congestion_control': 5 },
    });
  });

  it('normalises slash-separated names, CRLF line ends and a BOM', () => {
    expect(parseSysctlConf('\uFEFFnet/core/wmem_max = 1\r\n', 'x.conf')).toEqual({
      sysctls: [{ name: 'net.core.wmem_max', value: '1' }],
      lines: { 'net.core.wmem_max': 1 },
    });
  });

  it('collapses tabs and runs of spaces inside values', () => {
    expect(parseSysctlConf('net.ipv4.tcp_rmem = 4096\t131072    16777216', 'x.conf').sysctls).toEqual([
      { name: 'net.ipv4.tcp_rmem', value: '4096 131072 16777216' },
    ]);
  });

  it('accepts interface names with hyphens in later components', () => {
    expect(parseSysctlConf('net.ipv4.conf.veth-a.rp_filter = 0', 'x.conf').sysctls[0]?.name).toBe(
      'net.ipv4.conf.veth-a.rp_filter',
    );
  });

  it('names the file and line of a bad line', () => {
    const error = errorOf(() =>
      parseSysctlConf('net.core.rmem_max = 1\n\nnet.core.wmem_max 5', 'tuning.conf'),
    );
    expect(error.input).toBe('tuning.conf:3');
    expect(error.message).toBe(
      'tuning.conf:3: a line of 19 characters is not a "name = value" line (its text is not shown)',
    );
  });

  it.each([
    ['- = 1', 'has no sysctl name'],
    ['--net.core.rmem_max = 1', 'is not a sysctl name'],
    ['= 1', 'has no sysctl name'],
    ['net = 1', 'is not a sysctl name'],
    ['net..core = 1', 'is not a sysctl name'],
    ['net.core.* = 1', 'is not a sysctl name'],
    ['../../etc/passwd = 1', 'mixes "/" and "."'],
    ['/etc/passwd = 1', 'is not a sysctl name'],
    ['net/ipv4/conf/eth0.100/rp_filter = 1', 'mixes "/" and "."'],
    [`net.${'a'.repeat(130)} = 1`, 'longer than 128'],
  ])('rejects the name in %j', (line, reason) => {
    expect(errorOf(() => parseSysctlConf(line, 'p.conf')).message).toContain(reason);
  });

  it.each([
    ['net.core.rmem_max =', 'the value of net.core.rmem_max is empty'],
    ['net.core.rmem_max = "4096"', 'has a character other than'],
    ['net.core.rmem_max = 1; reboot', 'has a character other than'],
    ['net.core.rmem_max = $(reboot)', 'has a character other than'],
    ['net.core.rmem_max = `id`', 'has a character other than'],
    ['net.core.rmem_max = a/b', 'has a character other than'],
    ['net.core.rmem_max = 1 # note', 'has a character other than'],
    [`net.core.rmem_max = ${'1'.repeat(257)}`, '257 characters, longer than 256'],
  ])('rejects the value in %j', (line, reason) => {
    expect(errorOf(() => parseSysctlConf(line, 'p.conf')).message).toContain(reason);
  });

  it('names the key and the position of a bad character, never the value', () => {
    expect(errorOf(() => parseSysctlConf('net.core.rmem_max = 1;2', 'p.conf')).message).toBe(
      'p.conf:1: the value of net.core.rmem_max has a character other than letters, digits, spaces and . _ : , - at position 2 of 3 (no quotes: write 4096 131072 16777216; the value is not shown)',
    );
  });

  it('quotes a bad name only when it looks like a key', () => {
    expect(errorOf(() => parseSysctlConf('password = hunter2', 'p.conf')).message).toMatch(
      /^p\.conf:1: "password" is not a sysctl name/,
    );
    expect(errorOf(() => parseSysctlConf('my secret key = 1', 'p.conf')).message).toMatch(
      /^p\.conf:1: a name of 13 characters \(not shown\) is not a sysctl name/,
    );
  });

  it('rejects a name set twice, pointing at the first line', () => {
    const error = errorOf(() => parseSysctlConf('net.core.rmem_max = 1\nnet/core/rmem_max = 2', 'p.conf'));
    expect(error.message).toBe('p.conf:2: "net.core.rmem_max" is already set on line 1');
  });

  it('reads a sysctl.d file as sysctl --system does: `;` and `#` comments, `/` separators, `-` lines', () => {
    const text = [
      '# /etc/sysctl.d/90-net.conf',
      '; written for sysctl --system',
      'net/core/rmem_max = 16777216',
      '-net.ipv4.tcp_ecn_fallback = 1',
      '- net/ipv4/tcp_mtu_probing = 1',
    ].join('\n');
    expect(parseSysctlConf(text, '90-net.conf')).toEqual({
      sysctls: [
        { name: 'net.core.rmem_max', value: '16777216' },
        { name: 'net.ipv4.tcp_ecn_fallback', value: '1', ignoreMissing: true },
        { name: 'net.ipv4.tcp_mtu_probing', value: '1', ignoreMissing: true },
      ],
      // Slash names are kept under their dotted form, as the diff of two sides looks them up.
      lines: { 'net.core.rmem_max': 3, 'net.ipv4.tcp_ecn_fallback': 4, 'net.ipv4.tcp_mtu_probing': 5 },
    });
  });

  it('still refuses a `-` line whose name or value is unsafe', () => {
    expect(errorOf(() => parseSysctlConf('-net.core.x = $(reboot)', 'p.conf')).message).toContain(
      'has a character other than',
    );
    expect(errorOf(() => parseSysctlConf('-../../x = 1', 'p.conf')).message).toContain('mixes "/" and "."');
  });

  it('gives a short message for a binary file of 300 KB on one line', () => {
    const binary = Buffer.alloc(300 * 1024);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    const withNul = errorOf(() => parseSysctlConf(binary.toString('latin1'), 'blob.conf'));
    expect(withNul.message.length).toBeLessThan(300);
    expect(withNul.message).toBe('blob.conf: is not a sysctl.conf text file (it holds NUL bytes)');
    // Without NUL bytes it is one very long bad line: only its length is shown.
    const oneLine = binary.toString('latin1').replace(/[\0\r\n=]/g, 'x');
    const noNul = errorOf(() => parseSysctlConf(oneLine, 'blob.conf'));
    expect(noNul.message.length).toBeLessThan(200);
    expect(noNul.message).toContain('a line of 307200 characters');
  });

  it('returns nothing for a file of comments', () => {
    expect(parseSysctlConf('# nothing here\n', 'empty.conf')).toEqual({ sysctls: [], lines: {} });
  });
});
