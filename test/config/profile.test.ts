import { InputError } from '../../src/common/errors.js';
import { profileForOs, resolveProfiles as resolveIn } from '../../src/config/profile.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';
import type { TuningProfile } from '../../src/model/plan.js';

const resolveProfiles = (spec: string, readFile: (path: string) => string): TuningProfile[] =>
  resolveIn(spec, readFile, GUEST_CATALOG.oses);
/** The profile as the guest named `guest` applies it. */
const profileFor = (profile: TuningProfile, guest: string): TuningProfile =>
  profileForOs(profile, GUEST_CATALOG.guest(guest), GUEST_CATALOG.oses);

function filesReader(files: Record<string, string>) {
  return (filePath: string): string => {
    const text = files[filePath];
    if (text === undefined) throw new Error(`ENOENT: no such file, open '${filePath}'`);
    return text;
  };
}

const noFiles = filesReader({});

describe('the built-in profiles', () => {
  it('has stock without sysctls and tuned with 16 MiB buffers and BBR', () => {
    const [stock, tuned] = resolveProfiles('stock,tuned', noFiles);
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
    expect(resolveProfiles('tuned', noFiles)[0]?.sysctls).toHaveLength(6);
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
        lines: { 'net.ipv4.tcp_congestion_control': 1 },
      },
      {
        name: 'big',
        source: 'big.conf',
        sysctls: [{ name: 'net.core.rmem_max', value: '33554432' }],
        lines: { 'net.core.rmem_max': 1 },
      },
      {
        name: 'small',
        source: './small',
        sysctls: [{ name: 'net.core.rmem_max', value: '65536' }],
        lines: { 'net.core.rmem_max': 1 },
      },
    ]);
  });

  it('rejects an unknown name with the flag and the list of built-ins', () => {
    expect(() => resolveProfiles('stock,fast', noFiles)).toThrow(
      new InputError('--profile', 'fast', 'is neither a built-in profile (stock, tuned) nor a readable file'),
    );
  });

  it('rejects an unreadable file and keeps the read error as the cause', () => {
    expect(() => resolveProfiles('missing.conf', noFiles)).toThrow(
      expect.objectContaining({
        constructor: InputError,
        message: '--profile: "missing.conf" is neither a built-in profile (stock, tuned) nor a readable file',
        cause: expect.objectContaining({ message: expect.stringContaining('ENOENT') }),
      }),
    );
  });

  it('passes file errors through with file and line', () => {
    const readFile = filesReader({ 'bad.conf': '# ok\nnet.core.rmem_max = $(id)\n' });
    expect(() => resolveProfiles('bad.conf', readFile)).toThrow(
      /^bad\.conf:2: the value of net\.core\.rmem_max has a character/,
    );
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

describe('profiles per guest OS', () => {
  const [builtinTuned] = resolveProfiles('tuned', noFiles);

  it("gives a BSD guest its own OS's row of a built-in profile, with what it lacks", () => {
    const netbsd = profileFor(builtinTuned!, 'netbsd-10.1');
    expect(netbsd).toMatchObject({ name: 'tuned', source: 'builtin', os: 'netbsd' });
    expect(netbsd.sysctls[0]).toEqual({ name: 'kern.sbmax', value: '33554432' });
    expect(netbsd.missing?.[0]).toContain('no BBR');
    expect(profileFor(builtinTuned!, 'linux')).toEqual(builtinTuned);
  });

  it('reads the OS a file is for from its "# nicgate: os=" line; without one it is for Linux', () => {
    const read = filesReader({
      'bsd/fast.conf': '# for the router image\n#  nicgate: os = freebsd\nkern.ipc.maxsockbuf=18874368\n',
      'lin/fast2.conf': 'net.core.rmem_max = 1\n',
    });
    const [bsd, linux] = resolveProfiles('bsd/fast.conf,lin/fast2.conf', read);
    expect(bsd).toMatchObject({
      os: 'freebsd',
      sysctls: [{ name: 'kern.ipc.maxsockbuf', value: '18874368' }],
    });
    expect(linux?.os).toBeUndefined();
    expect(profileFor(bsd!, 'freebsd-14.3')).toBe(bsd);
    expect(profileFor(linux!, 'debian-12')).toBe(linux);
  });

  it('refuses a file for another OS than the guest runs, naming both', () => {
    const read = filesReader({
      'bsd/fast.conf': '# nicgate: os=freebsd\nkern.ipc.maxsockbuf=1\n',
      'l.conf': 'a.b=1\n',
    });
    const [bsd, linux] = resolveProfiles('bsd/fast.conf,l.conf', read);
    expect(() => profileFor(bsd!, 'linux')).toThrow(
      '--profile: "bsd/fast.conf" is written for FreeBSD, and the guest linux runs Linux',
    );
    expect(() => profileFor(linux!, 'openbsd-7.8')).toThrow(InputError);
  });

  it('refuses an OS it does not know, quoting it', () => {
    const read = filesReader({ 'x.conf': '# nicgate: os=beos\n' });
    expect(() => resolveProfiles('x.conf', read)).toThrow(
      'x.conf: "beos" is not an OS a profile can be for (linux, freebsd, netbsd, openbsd, dragonfly)',
    );
  });
});
