import { readFileSync } from 'node:fs';
import {
  moduleLoadOrder,
  moduleName,
  parseModulesDep,
  presentModules,
  type ModuleEntry,
} from '../../../src/guest/linux/modules.js';
import { imageModuleNames } from '../../../src/guest/linux/drivers.js';

// Lines of Debian 12's 6.1.0-56-amd64 modules.dep (grep for the NIC, virtio and qdisc modules).
const sample = readFileSync(new URL('../../../fixtures/kernel/modules.dep.sample', import.meta.url), 'utf8');

const names = (entries: ModuleEntry[]): string[] => entries.map((entry) => moduleName(entry.path));

describe('moduleName', () => {
  it.each([
    ['kernel/drivers/net/virtio_net.ko', 'virtio_net'],
    ['kernel/drivers/i2c/algos/i2c-algo-bit.ko', 'i2c_algo_bit'],
    ['kernel/drivers/net/ethernet/realtek/8139too.ko.xz', '8139too'],
    ['kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko.zst', 'e1000e'],
    ['kernel/drivers/char/hw_random/virtio-rng.ko.gz', 'virtio_rng'],
    ['sch_netem.ko', 'sch_netem'],
    ['a-b-c.ko', 'a_b_c'],
  ])('%s -> %s', (path, name) => {
    expect(moduleName(path)).toBe(name);
  });

  it('only strips the .ko suffix at the end', () => {
    expect(moduleName('kernel/x.ko.bak/foo.ko')).toBe('foo');
    expect(moduleName('kernel/ko.ko')).toBe('ko');
  });
});

describe('parseModulesDep', () => {
  it('reads paths and direct dependencies by module name', () => {
    const index = parseModulesDep(
      [
        'kernel/drivers/net/virtio_net.ko.xz: kernel/drivers/net/net_failover.ko.xz kernel/net/core/failover.ko.xz',
        'kernel/net/core/failover.ko.xz:',
        'kernel/drivers/i2c/algos/i2c-algo-bit.ko:   ',
        '',
        'not a dependency line',
      ].join('\n'),
    );
    expect([...index.keys()]).toEqual(['virtio_net', 'failover', 'i2c_algo_bit']);
    expect(index.get('virtio_net')).toEqual({
      path: 'kernel/drivers/net/virtio_net.ko.xz',
      deps: ['net_failover', 'failover'],
    });
    expect(index.get('failover')).toEqual({ path: 'kernel/net/core/failover.ko.xz', deps: [] });
    expect(index.get('i2c_algo_bit')).toEqual({ path: 'kernel/drivers/i2c/algos/i2c-algo-bit.ko', deps: [] });
  });

  it('reads the real sample', () => {
    const index = parseModulesDep(sample);
    expect(index.get('virtio_net')).toEqual({
      path: 'kernel/drivers/net/virtio_net.ko',
      deps: ['net_failover', 'failover', 'virtio', 'virtio_ring'],
    });
    expect(index.get('igb')?.deps).toEqual(['dca', 'i2c_algo_bit']);
    expect(index.get('e1000')).toEqual({
      path: 'kernel/drivers/net/ethernet/intel/e1000/e1000.ko',
      deps: [],
    });
    expect(index.get('8139too')?.deps).toEqual(['mii']);
    expect(index.get('tcp_bbr')?.path).toBe('kernel/net/ipv4/tcp_bbr.ko');
    expect(index.get('sch_netem')?.deps).toEqual([]);
    expect(index.has('virtio_rng')).toBe(true);
  });

  it('tolerates CRLF line ends', () => {
    const index = parseModulesDep('a.ko: b.ko\r\nb.ko:\r\n');
    expect(index.get('a')).toEqual({ path: 'a.ko', deps: ['b'] });
    expect(index.get('b')).toEqual({ path: 'b.ko', deps: [] });
  });
});

describe('moduleLoadOrder', () => {
  const index = parseModulesDep(sample);

  function expectValidOrder(order: ModuleEntry[]): void {
    const seen = names(order);
    expect(new Set(seen).size).toBe(seen.length);
    for (const [i, entry] of order.entries()) {
      for (const dep of entry.deps) {
        const at = seen.indexOf(dep);
        expect(at).toBeGreaterThanOrEqual(0);
        expect(at).toBeLessThan(i);
      }
    }
  }

  it('loads virtio_net after everything it needs', () => {
    const order = moduleLoadOrder(index, ['virtio_net']);
    expectValidOrder(order);
    expect(names(order).sort()).toEqual(['failover', 'net_failover', 'virtio', 'virtio_net', 'virtio_ring']);
    expect(names(order).at(-1)).toBe('virtio_net');
    const seen = names(order);
    expect(seen.indexOf('failover')).toBeLessThan(seen.indexOf('net_failover'));
    expect(seen.indexOf('virtio_ring')).toBeLessThan(seen.indexOf('virtio'));
  });

  it('loads igb after dca and i2c_algo_bit', () => {
    const order = moduleLoadOrder(index, ['igb']);
    expectValidOrder(order);
    expect(names(order)).toEqual(['dca', 'i2c_algo_bit', 'igb']);
  });

  it('loads shared dependencies once across wanted modules', () => {
    const order = moduleLoadOrder(index, ['virtio_pci', 'virtio_net', '8139cp', '8139too', 'tcp_bbr']);
    expectValidOrder(order);
    const seen = names(order);
    expect(seen.filter((name) => name === 'virtio')).toHaveLength(1);
    expect(seen.filter((name) => name === 'virtio_ring')).toHaveLength(1);
    expect(seen.filter((name) => name === 'mii')).toHaveLength(1);
    expect(seen).toEqual(
      expect.arrayContaining(['virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'tcp_bbr']),
    );
    expect(seen).toHaveLength(12);
  });

  it('accepts names written with dashes and a wanted module listed twice', () => {
    expect(names(moduleLoadOrder(index, ['i2c-algo-bit', 'i2c_algo_bit']))).toEqual(['i2c_algo_bit']);
  });

  it('handles a diamond of dependencies', () => {
    const diamond = parseModulesDep(
      ['top.ko: left.ko right.ko base.ko', 'left.ko: base.ko', 'right.ko: base.ko', 'base.ko:'].join('\n'),
    );
    const order = moduleLoadOrder(diamond, ['top']);
    expect(names(order)).toEqual(['base', 'left', 'right', 'top']);
  });

  it('resolves transitive dependencies even when modules.dep lists only direct ones', () => {
    const chain = parseModulesDep(['c.ko: b.ko', 'b.ko: a.ko', 'a.ko:'].join('\n'));
    expect(names(moduleLoadOrder(chain, ['c']))).toEqual(['a', 'b', 'c']);
  });

  it('returns nothing for nothing wanted', () => {
    expect(moduleLoadOrder(index, [])).toEqual([]);
  });

  it('names a missing wanted module', () => {
    expect(() => moduleLoadOrder(index, ['vmxnet3'])).toThrow(
      /^kernel module vmxnet3 is not in modules\.dep$/,
    );
  });

  it('names the chain that needs a missing dependency', () => {
    const broken = parseModulesDep(
      ['virtio_net.ko: net_failover.ko', 'net_failover.ko: failover.ko', 'e1000.ko:'].join('\n'),
    );
    expect(() => moduleLoadOrder(broken, ['e1000', 'virtio-net'])).toThrow(
      'kernel module failover is not in modules.dep (needed by net_failover <- virtio_net)',
    );
  });

  it('terminates on a dependency cycle', () => {
    const cycle = parseModulesDep(['a.ko: b.ko', 'b.ko: a.ko'].join('\n'));
    expect(names(moduleLoadOrder(cycle, ['a']))).toEqual(['b', 'a']);
  });
});

describe('presentModules', () => {
  const index = parseModulesDep(sample);

  it('keeps the modules the index has, in the order asked, and drops the rest', () => {
    expect(
      presentModules(index, ['vmxnet3', 'virtio_net', 'e1000', 'ne2k_pci', 'sch_fq', 'i2c-algo-bit']),
    ).toEqual(['virtio_net', 'e1000', 'sch_fq', 'i2c-algo-bit']);
  });

  it('finds the modules a guest image wants in the sample', () => {
    const present = presentModules(index, imageModuleNames());
    expect(present).toEqual(
      expect.arrayContaining([
        'virtio_pci',
        'virtio_net',
        'e1000',
        'e1000e',
        'igb',
        '8139cp',
        '8139too',
        'e100',
        'pcnet32',
      ]),
    );
    expect(present).toEqual(expect.arrayContaining(['tcp_bbr', 'sch_fq', 'sch_netem']));
    // Every present module resolves without error.
    for (const name of present) expect(() => moduleLoadOrder(index, [name])).not.toThrow();
  });
});

describe('parseModulesDep refuses paths that leave the modules directory', () => {
  it.each([
    ['a .. segment', 'kernel/d/d/../../../../etc/shadow:', '"kernel/d/d/../../../../etc/shadow"'],
    ['an absolute path', '/etc/shadow:', '"/etc/shadow"'],
    ['a .. in a dependency', 'kernel/net/a.ko: ../../b.ko', '"../../b.ko"'],
    ['an absolute dependency', 'kernel/net/a.ko: /boot/vmlinuz', '"/boot/vmlinuz"'],
  ])('%s', (_what, line, quoted) => {
    expect(() => parseModulesDep(`kernel/net/ok.ko:\n${line}\n`)).toThrow(
      `modules.dep line 2 names ${quoted}: a module path is relative to its modules directory, without ..`,
    );
  });

  it('keeps names with dots that are not .. segments', () => {
    expect(parseModulesDep('kernel/net/a..b.ko:\n').get('a..b')?.path).toBe('kernel/net/a..b.ko');
  });
});
