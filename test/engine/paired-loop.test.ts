import { scenarioSeed } from '../../src/engine/paired-loop.js';

describe('scenarioSeed', () => {
  it('is reproducible, differs per scenario and per run seed, and stays a 32-bit unsigned integer', () => {
    const a = scenarioSeed(7, 'linux/virtio-net-pci/stock/rtt50ms/send');
    expect(scenarioSeed(7, 'linux/virtio-net-pci/stock/rtt50ms/send')).toBe(a);
    expect(scenarioSeed(7, 'linux/e1000/stock/rtt50ms/send')).not.toBe(a);
    expect(scenarioSeed(8, 'linux/virtio-net-pci/stock/rtt50ms/send')).not.toBe(a);
    for (const seed of [0, 1, 2 ** 31, 2 ** 32 - 1]) {
      const s = scenarioSeed(seed, 'k');
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    }
  });
});
