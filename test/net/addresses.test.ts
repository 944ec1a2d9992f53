import { linkAddresses, resourceNames } from '../../src/net/addresses.js';

function ipv4ToNumber(address: string): number {
  const parts = address.split('.').map(Number);
  expect(parts).toHaveLength(4);
  for (const part of parts) expect(Number.isInteger(part) && part >= 0 && part <= 255).toBe(true);
  return parts.reduce((sum, part) => sum * 256 + part, 0);
}

const RANGE_START = ipv4ToNumber('198.18.0.0');
const RANGE_END = ipv4ToNumber('198.19.255.255');
const LAST_INDEX = (1 << 15) - 1;

describe('linkAddresses', () => {
  it('gives index 0 the first /30', () => {
    expect(linkAddresses(0)).toEqual({
      network: '198.18.0.0',
      host: '198.18.0.1',
      guest: '198.18.0.2',
      prefixLength: 30,
      guestMac: '52:54:00:00:00:02',
    });
  });

  it.each([
    [1, '198.18.0.5', '198.18.0.6'],
    [63, '198.18.0.253', '198.18.0.254'],
    [64, '198.18.1.1', '198.18.1.2'],
    [16383, '198.18.255.253', '198.18.255.254'],
    [16384, '198.19.0.1', '198.19.0.2'],
    [16449, '198.19.1.5', '198.19.1.6'],
    [LAST_INDEX, '198.19.255.253', '198.19.255.254'],
  ])('index %d -> host %s, guest %s', (index, host, guest) => {
    expect(linkAddresses(index)).toMatchObject({ host, guest });
  });

  it('keeps host and guest in the same /30 inside 198.18.0.0/15, never network or broadcast', () => {
    for (const index of [0, 1, 2, 63, 64, 255, 256, 1000, 16383, 16384, 20000, LAST_INDEX]) {
      const { host, guest } = linkAddresses(index);
      const h = ipv4ToNumber(host);
      const g = ipv4ToNumber(guest);
      expect(h).toBeGreaterThanOrEqual(RANGE_START);
      expect(g).toBeLessThanOrEqual(RANGE_END);
      expect(g).toBe(h + 1);
      expect(h % 4).toBe(1);
      expect(h - 1).toBe(RANGE_START + index * 4);
    }
  });

  it.each([-1, 1 << 15, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects index %d', (index) => {
    expect(() => linkAddresses(index)).toThrow(RangeError);
    expect(() => linkAddresses(index)).toThrow(`link index ${index} out of range`);
  });

  it('gives unique, unicast, locally administered MACs with the 52:54:00 prefix', () => {
    const macs = new Set<string>();
    for (let index = 0; index <= LAST_INDEX; index++) macs.add(linkAddresses(index).guestMac);
    expect(macs.size).toBe(LAST_INDEX + 1);
    expect([...macs].filter((mac) => !/^52:54:00(:[0-9a-f]{2}){3}$/.test(mac))).toEqual([]);
    const firstOctet = 0x52;
    expect(firstOctet & 0x02).toBe(0x02); // locally administered
    expect(firstOctet & 0x01).toBe(0); // unicast
    expect(linkAddresses(256).guestMac).toBe('52:54:00:01:00:02');
    expect(linkAddresses(LAST_INDEX).guestMac).toBe('52:54:00:7f:ff:02');
  });
});

describe('resourceNames', () => {
  it('names the namespace and tap after the run id and index', () => {
    expect(resourceNames('abc123', 0)).toEqual({ netns: 'nicgate-abc123', tap: 'ngtabc123-0' });
  });

  it('uses at most six characters of the run id in the tap name', () => {
    expect(resourceNames('0123456789abcdef', 7)).toEqual({
      netns: 'nicgate-0123456789abcdef',
      tap: 'ngt012345-7',
    });
  });

  it('keeps tap names within the 15-character interface name limit and unique per index', () => {
    const taps = new Set<string>();
    for (const index of [0, 9, 10, 99, 100, 999, 1000, 9999, 10000, LAST_INDEX]) {
      const { tap } = resourceNames('zzzzzzzzzz', index);
      expect(tap.length).toBeLessThanOrEqual(15);
      expect(tap).toMatch(/^[a-z0-9-]+$/);
      expect(tap.endsWith(`-${index}`)).toBe(true);
      taps.add(tap);
    }
    expect(taps.size).toBe(10);
  });
});
