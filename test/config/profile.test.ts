import { InputError } from '../../src/common/errors.js';
import { BUILTIN_PROFILES, resolveProfiles } from '../../src/config/profile.js';

function filesReader(files: Record<string, string>) {
  return (filePath: string): string => {
    const text = files[filePath];
    if (text === undefined) throw new Error(`ENOENT: no such file, open '${filePath}'`);
    return text;
  };
}

const noFiles = filesReader({});

describe('BUILTIN_PROFILES', () => {
  it('has stock without sysctls and tuned with 16 MiB buffers and BBR', () => {
    const [stock, tuned] = BUILTIN_PROFILES;
    expect(stock).toEqual({ name: 'stock', source: 'builtin', sysctls: [] });
    expect(tuned?.sysctls).toEqual(
      expect.arrayContaining([
        { name: 'net.core.rmem_max', value: '16777216' },
        { name: 'net.ipv4.tcp_rmem', value: '4096 131072 16777216' },
        { name: 'net.ipv4.tcp_wmem', value: '4096 16384 16777216' },
        { name: 'net.core.default_qdisc', value: 'fq' },
        { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' },
      ]),
    );
  });
});

describe('resolveProfiles', () => {
  it('resolves built-in names in the order given', () => {
    expect(resolveProfiles('tuned, stock', noFiles).map((p) => p.name)).toEqual(['tuned', 'stock']);
  });

  it('returns copies, so callers cannot change the built-in table', () => {
    const [tuned] = resolveProfiles('tuned', noFiles);
    tuned!.sysctls.pop();
    expect(BUILTIN_PROFILES[1]?.sysctls).toHaveLength(6);
  });

  it('reads a token with a slash or a .conf suffix as a file named after its base name', () => {
    const readFile = filesReader({
      'profiles/bbr-only.conf': 'net.ipv4.tcp_congestion_control = bbr\n',
      'big.conf': 'net.core.rmem_max = 33554432\n',
      './small': 'net.core.rmem_max = 65536\n',
    });
    expect(resolveProfiles('stock,profiles/bbr-only.conf,big.conf,./small', readFile)).toEqual([
      { name: 'stock', source: 'builtin', sysctls: [] },
      {
        name: 'bbr-only',
        source: 'profiles/bbr-only.conf',
        sysctls: [{ name: 'net.ipv4.tcp_congestion_control', value: 'bbr' }],
      },
      { name: 'big', source: 'big.conf', sysctls: [{ name: 'net.core.rmem_max', value: '33554432' }] },
      { name: 'small', source: './small', sysctls: [{ name: 'net.core.rmem_max', value: '65536' }] },
    ]);
  });

  it('rejects an unknown name with the flag and the list of built-ins', () => {
    expect(() => resolveProfiles('stock,fast', noFiles)).toThrow(
      new InputError('--profile', 'fast', 'is neither a built-in profile (stock, tuned) nor a readable file'),
    );
  });

  it('rejects an unreadable file and keeps the read error as the cause', () => {
    try {
      resolveProfiles('missing.conf', noFiles);
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(
        '--profile: "missing.conf" is neither a built-in profile (stock, tuned) nor a readable file',
      );
      expect(String((error as InputError).cause)).toContain('ENOENT');
    }
  });

  it('passes file errors through with file and line', () => {
    const readFile = filesReader({ 'bad.conf': '# ok\nnet.core.rmem_max = $(id)\n' });
    expect(() => resolveProfiles('bad.conf', readFile)).toThrow(/^bad\.conf:2: "\$\(id\)"/);
  });

  it('rejects two profiles with one name', () => {
    const readFile = filesReader({ 'my/tuned.conf': '' });
    expect(() => resolveProfiles('tuned,my/tuned.conf', readFile)).toThrow(
      '--profile: "tuned" is listed more than once',
    );
    expect(() => resolveProfiles('stock,stock', noFiles)).toThrow('is listed more than once');
  });

  it('rejects a file whose base name cannot be part of a scenario key', () => {
    const readFile = filesReader({ 'dir/my profile.conf': '' });
    expect(() => resolveProfiles('dir/my profile.conf', readFile)).toThrow(
      'gives the profile name "my profile"',
    );
  });

  it('rejects empty entries', () => {
    expect(() => resolveProfiles('stock,,tuned', noFiles)).toThrow(
      '--profile: "stock,,tuned" has an empty entry',
    );
  });
});
