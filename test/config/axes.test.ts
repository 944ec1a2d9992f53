import { parseDirections, parseNics } from '../../src/config/axes.js';

describe('parseNics', () => {
  it('keeps the order given', () => {
    expect(parseNics('e1000, virtio-net-pci,ne2k_pci')).toEqual(['e1000', 'virtio-net-pci', 'ne2k_pci']);
  });

  it.each([
    ['e1000,,e1000e', '--nic: "e1000,,e1000e" has an empty entry'],
    ['e1000,', 'has an empty entry'],
    ['e1000,e1000', '--nic: "e1000" is listed more than once'],
    ['virtio net', '--nic: "virtio net" is not a NIC model name'],
    ['e1000,netdev=x', 'is not a NIC model name'],
    ['-e1000', 'is not a NIC model name'],
    ['../x', 'is not a NIC model name'],
  ])('rejects %j', (spec, message) => {
    expect(() => parseNics(spec)).toThrow(message);
  });
});

describe('parseDirections', () => {
  it('reads send, receive and both', () => {
    expect(parseDirections('send')).toEqual(['send']);
    expect(parseDirections('receive,send')).toEqual(['receive', 'send']);
    expect(parseDirections('both')).toEqual(['send', 'receive']);
  });

  it('rejects unknown and repeated directions', () => {
    expect(() => parseDirections('up')).toThrow('--direction: "up" is not send, receive or both');
    expect(() => parseDirections('both,send')).toThrow('--direction: "send" is listed more than once');
  });
});
