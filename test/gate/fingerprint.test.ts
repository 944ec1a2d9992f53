import {
  changedScenarios,
  fingerprintsOf,
  scenarioInputs,
  type HashPath,
} from '../../src/gate/fingerprint.js';
import { buildPlan, type PlanDeps } from '../../src/config/plan.js';
import type { RawOptions } from '../../src/config/options.js';

// The current directory and two kernel-modules directories; everything else is a file or missing.
const DIRECTORIES = new Set(['.', 'mods', 'mods2']);

function deps(files: Record<string, string>): PlanDeps {
  return {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    paths: {
      kind: (path) => (DIRECTORIES.has(path) ? 'directory' : path in files ? 'file' : 'missing'),
      readable: () => true,
      writable: () => true,
      parent: (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.'),
    },
  };
}

/** Hashes are the file's content here, so two paths with the same "bytes" hash alike. */
function hashOf(files: Record<string, string>): HashPath {
  return (path) => `hash(${files[path] ?? path})`;
}

function fingerprints(raw: RawOptions, files: Record<string, string> = {}): Map<string, string> {
  return fingerprintsOf(scenarioInputs(buildPlan(raw, deps(files)), hashOf(files)));
}

const TUNED = 'net.core.rmem_max = 16777216\nnet.ipv4.tcp_congestion_control = bbr\n';
const ONE = { nic: 'virtio-net-pci', link: 'lan', profile: 'stock' };

function change(base: Map<string, string>, head: Map<string, string>): string[] {
  return changedScenarios(base, head).map(({ key, change }) => `${key} ${change}`);
}

describe('scenario fingerprints', () => {
  it('gives every scenario a sha256 hex that is the same for the same plan', () => {
    const first = fingerprints({ direction: 'both' });
    expect([...first.keys()]).toHaveLength(8);
    for (const value of first.values()) expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprints({ direction: 'both' })).toEqual(first);
    // Send and receive differ, and so do the NICs.
    expect(new Set(first.values()).size).toBe(8);
  });

  it('reads identical content at another path as unchanged', () => {
    const base = fingerprints({ ...ONE, profile: 'old/dir/my.conf' }, { 'old/dir/my.conf': TUNED });
    const head = fingerprints({ ...ONE, profile: 'new/my.conf' }, { 'new/my.conf': TUNED });
    expect(change(base, head)).toEqual(['linux/virtio-net-pci/my/lan/send unchanged']);
  });

  it('reads a profile file with the built-in settings as the built-in profile', () => {
    const builtinStock = fingerprints({ ...ONE, profile: 'stock' });
    const emptyFile = fingerprints({ ...ONE, profile: 'p/stock.conf' }, { 'p/stock.conf': '# nothing\n' });
    expect(change(builtinStock, emptyFile)).toEqual(['linux/virtio-net-pci/stock/lan/send unchanged']);
  });

  it('reads a changed profile line as changed, and only that profile', () => {
    const base = fingerprints({ ...ONE, profile: 'stock,p/tuned.conf' }, { 'p/tuned.conf': TUNED });
    const head = fingerprints(
      { ...ONE, profile: 'stock,p/tuned.conf' },
      { 'p/tuned.conf': TUNED.replace('16777216', '8388608') },
    );
    expect(change(base, head)).toEqual([
      'linux/virtio-net-pci/stock/lan/send unchanged',
      'linux/virtio-net-pci/tuned/lan/send changed',
    ]);
  });

  it('ignores comments, blank lines, spacing and the slash form of names', () => {
    const base = fingerprints({ ...ONE, profile: 'p/tuned.conf' }, { 'p/tuned.conf': TUNED });
    const relaid =
      '# Tuned for long fat pipes\n\n  net/core/rmem_max=16777216  \r\n; BBR\nnet.ipv4.tcp_congestion_control\t=\tbbr';
    const head = fingerprints({ ...ONE, profile: 'p/tuned.conf' }, { 'p/tuned.conf': relaid });
    expect(change(base, head)).toEqual(['linux/virtio-net-pci/tuned/lan/send unchanged']);
  });

  it('keeps sysctl order significant: one write can reset another', () => {
    const reordered = 'net.ipv4.tcp_congestion_control = bbr\nnet.core.rmem_max = 16777216\n';
    const base = fingerprints({ ...ONE, profile: 'p/tuned.conf' }, { 'p/tuned.conf': TUNED });
    const head = fingerprints({ ...ONE, profile: 'p/tuned.conf' }, { 'p/tuned.conf': reordered });
    expect(change(base, head)).toEqual(['linux/virtio-net-pci/tuned/lan/send changed']);
  });

  it('counts the ignore-if-missing mark as a change', () => {
    const base = fingerprints({ ...ONE, profile: 'p/tuned.conf' }, { 'p/tuned.conf': TUNED });
    const head = fingerprints({ ...ONE, profile: 'p/tuned.conf' }, { 'p/tuned.conf': `-${TUNED}` });
    expect(change(base, head)).toEqual(['linux/virtio-net-pci/tuned/lan/send changed']);
  });

  it('compares kernels by content hash, not path', () => {
    const files = { 'a/bzImage': 'K1', 'b/bzImage': 'K1', 'c/bzImage': 'K2', mods: 'M1', mods2: 'M2' };
    const plan = (kernel: string, modules?: string) =>
      fingerprints(
        { ...ONE, kernel, ...(modules === undefined ? {} : { 'kernel-modules': modules }) },
        files,
      );
    expect(change(plan('a/bzImage'), plan('b/bzImage'))).toEqual([
      'linux/virtio-net-pci/stock/lan/send unchanged',
    ]);
    expect(change(plan('a/bzImage'), plan('c/bzImage'))).toEqual([
      'linux/virtio-net-pci/stock/lan/send changed',
    ]);
    expect(change(plan('a/bzImage', 'mods'), plan('a/bzImage', 'mods2'))).toEqual([
      'linux/virtio-net-pci/stock/lan/send changed',
    ]);
    expect(change(fingerprints(ONE), plan('a/bzImage'))).toEqual([
      'linux/virtio-net-pci/stock/lan/send changed',
    ]);
  });

  it('hashes each artifact once per plan', () => {
    const hashed: string[] = [];
    const plan = buildPlan({ kernel: 'bzImage', direction: 'both' }, deps({ bzImage: 'K' }));
    scenarioInputs(plan, (path) => {
      hashed.push(path);
      return 'h';
    });
    expect(hashed).toEqual(['bzImage']);
  });

  it('counts measure settings and the accelerator as inputs', () => {
    const base = fingerprints(ONE);
    expect(change(base, fingerprints({ ...ONE, duration: '10' }))).toEqual([
      'linux/virtio-net-pci/stock/lan/send changed',
    ]);
    expect(change(base, fingerprints({ ...ONE, accel: 'tcg' }))).toEqual([
      'linux/virtio-net-pci/stock/lan/send changed',
    ]);
    // Outputs are not inputs.
    expect(change(base, fingerprints({ ...ONE, out: 'elsewhere.json' }))).toEqual([
      'linux/virtio-net-pci/stock/lan/send unchanged',
    ]);
  });
});

describe('changedScenarios', () => {
  it('lists head scenarios in head order, then base-only ones as removed', () => {
    const base = new Map([
      ['a', '1'],
      ['gone', '2'],
      ['b', '3'],
    ]);
    const head = new Map([
      ['b', '3'],
      ['new', '4'],
      ['a', '9'],
    ]);
    expect(changedScenarios(base, head)).toEqual([
      { key: 'b', change: 'unchanged' },
      { key: 'new', change: 'new' },
      { key: 'a', change: 'changed' },
      { key: 'gone', change: 'removed' },
    ]);
  });

  it('reads every scenario as new when the base has none', () => {
    expect(changedScenarios(new Map(), new Map([['a', '1']]))).toEqual([{ key: 'a', change: 'new' }]);
  });
});
