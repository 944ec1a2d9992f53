import { renderSysctls } from '../../../src/report/sections/sysctls.js';
import { scenario } from '../../baseline/sample-results.js';

const RMEM = { name: 'net.core.rmem_max', value: '16777216' };
const BBR = { name: 'net.ipv4.tcp_congestion_control', value: 'bbr' };

describe('renderSysctls', () => {
  it('groups by profile in order of first appearance, each pair once, the label on its first row', () => {
    const lines = renderSysctls([
      scenario('linux/e1000/tuned/lan/send', [1], { appliedSysctls: [RMEM, BBR] }),
      scenario('linux/e1000/stock/lan/send', [1], { appliedSysctls: [] }),
      scenario('linux/virtio-net-pci/tuned/lan/send', [1], { appliedSysctls: [RMEM] }),
    ]);
    expect(lines).toEqual([
      '| profile | sysctl | value |',
      '| --- | --- | --- |',
      '| tuned (builtin) | net.core.rmem\\_max | 16777216 |',
      '|  | net.ipv4.tcp\\_congestion\\_control | bbr |',
      '| stock (builtin) | — | — |',
    ]);
  });

  it('names every source a profile came from, and lists differing values of one name apart', () => {
    const fromFile = (value: string) =>
      scenario('linux/e1000/tuned/lan/send', [1], {
        profile: { name: 'tuned', source: 'nicgate.yml', sysctls: [] },
        appliedSysctls: [{ name: 'net.core.rmem_max', value }],
      });
    const lines = renderSysctls([
      scenario('linux/e1000/tuned/lan/send', [1], { appliedSysctls: [RMEM] }),
      fromFile('1'),
    ]);
    expect(lines[2]).toBe('| tuned (builtin, nicgate.yml) | net.core.rmem\\_max | 16777216 |');
    expect(lines[3]).toBe('|  | net.core.rmem\\_max | 1 |');
  });

  it('says so when there are no scenarios', () => {
    expect(renderSysctls([])).toEqual(['No scenarios.']);
  });
});
