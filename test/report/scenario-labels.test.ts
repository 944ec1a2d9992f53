import { MAX_LABEL_LENGTH, scenarioLabels } from '../../src/report/scenario-labels.js';

describe('scenarioLabels', () => {
  it('labels rows with the segments that differ and names the shared ones once', () => {
    expect(
      scenarioLabels([
        'linux/virtio-net-pci/tuned/rtt50ms/send',
        'linux/e1000/stock/rtt50ms/send',
        'linux/e1000/tuned/rtt50ms/send',
      ]),
    ).toEqual({
      labels: ['virtio-net-pci · tuned', 'e1000 · stock', 'e1000 · tuned'],
      shared: ['linux', 'rtt50ms', 'send'],
    });
  });

  it('keeps a segment that differs in any row, wherever it is in the key', () => {
    expect(scenarioLabels(['linux/e1000/tuned/lan/send', 'linux/e1000/tuned/lan/receive'])).toEqual({
      labels: ['send', 'receive'],
      shared: ['linux', 'e1000', 'tuned', 'lan'],
    });
  });

  it('labels a lone key with all its segments and claims nothing shared', () => {
    expect(scenarioLabels(['linux/e1000/tuned/lan/send'])).toEqual({
      labels: ['linux · e1000 · tuned · lan · send'],
      shared: [],
    });
    expect(scenarioLabels([])).toEqual({ labels: [], shared: [] });
  });

  it('shows a segment a shorter key lacks as -', () => {
    expect(scenarioLabels(['a/b', 'a/b/c'])).toEqual({ labels: ['-', 'c'], shared: ['a', 'b'] });
  });

  it('cuts only labels over the limit, at the end of their longest segment', () => {
    const keys = ['linux/virtio-net-pci/stock/rtt50ms/receive', 'linux/e1000/tuned/lan/send'];
    const { labels } = scenarioLabels(keys);
    expect(labels).toEqual(['virtio-net-… · stock · rtt50ms · receive', 'e1000 · tuned · lan · send']);
    expect(labels[0]).toHaveLength(MAX_LABEL_LENGTH);
  });

  it('cuts the longest column first, the same in every row, and leaves short ones alone', () => {
    const keys = [
      'linux/virtio-net-pci/tuned-for-throughput/rtt50ms/send',
      'linux/e1000/stock/rtt50ms/send',
      'linux/virtio-net-pci/stock/rtt50ms/receive',
    ];
    const { labels } = scenarioLabels(keys, 30);
    expect(labels).toEqual([
      'virtio-ne… · tuned-for… · send',
      'e1000 · stock · send',
      'virtio-ne… · stock · receive',
    ]);
  });

  it('never cuts so far that two values of a column read alike', () => {
    const keys = [
      'x/virtio-net-pci-experimental/send',
      'x/virtio-net-pci-extended/send',
      'x/virtio-net-pci/send',
    ];
    const { labels } = scenarioLabels(keys, 5);
    // `virtio-net-pci` starts both others: it cannot be cut; the others keep up to where they part.
    expect(labels).toEqual(['virtio-net-pci-exp…', 'virtio-net-pci-ext…', 'virtio-net-pci']);
    expect(new Set(labels).size).toBe(keys.length);
  });

  it('keeps labels unique when keys repeat or differ only in characters it replaces', () => {
    expect(scenarioLabels(['g/a"b', 'g/a[b', 'g/a"b'])).toEqual({
      labels: ['a_b', 'a_b~2', 'a_b~3'],
      shared: ['g'],
    });
    expect(scenarioLabels(['g/a/b', 'g/a/b']).labels).toEqual(['g · a · b', 'g · a · b~2']);
  });

  it('keeps only key characters, so a label cannot leave a code block or start a workflow command', () => {
    const { labels, shared } = scenarioLabels([
      'linux/```\n::error title=x::pwned/send',
      'linux/\u001b[2J\u202e<b>@octocat/receive',
      'linux/::warning::y/send',
    ]);
    for (const label of labels) {
      expect(label).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._:=+@%·… ~-]*$/);
    }
    expect(labels).toEqual([
      '____::error_title=x::pwned · send',
      '__2J__b_@octocat · receive',
      '_:warning::y · send',
    ]);
    expect(shared).toEqual(['linux']);
  });
});
