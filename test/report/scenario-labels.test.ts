import { scenarioLabels } from '../../src/report/scenario-labels.js';

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
      legend: [],
    });
  });

  it('keeps a segment that differs in any row, wherever it is in the key', () => {
    expect(scenarioLabels(['linux/e1000/tuned/lan/send', 'linux/e1000/tuned/lan/receive'])).toEqual({
      labels: ['send', 'receive'],
      shared: ['linux', 'e1000', 'tuned', 'lan'],
      legend: [],
    });
  });

  it('labels a lone key with all its segments and claims nothing shared', () => {
    expect(scenarioLabels(['linux/e1000/tuned/lan/send'])).toEqual({
      labels: ['linux · e1000 · tuned · lan · send'],
      shared: [],
      legend: [],
    });
    expect(scenarioLabels([])).toEqual({ labels: [], shared: [], legend: [] });
  });

  it('shows a segment a shorter key lacks as -', () => {
    expect(scenarioLabels(['a/b', 'a/b/c'])).toEqual({ labels: ['-', 'c'], shared: ['a', 'b'], legend: [] });
  });

  it('shortens a label over the limit by its values’ leading words, named in the legend', () => {
    const keys = ['linux/virtio-net-pci/stock/rtt50ms-loss0.1pct/receive', 'linux/e1000/tuned/lan/send'];
    expect(scenarioLabels(keys, 35)).toEqual({
      labels: ['virtio · stock · rtt50ms · receive', 'e1000 · tuned · lan · send'],
      shared: ['linux'],
      legend: [
        { short: 'virtio', value: 'virtio-net-pci' },
        { short: 'rtt50ms', value: 'rtt50ms-loss0.1pct' },
      ],
    });
  });

  it('then codes whole columns, widest first, keeping values a code would hardly shorten', () => {
    const keys = ['linux/virtio-net-pci/stock/rtt50ms-loss0.1pct/receive', 'linux/e1000/tuned/lan/send'];
    expect(scenarioLabels(keys, 30).labels).toEqual([
      'virtio · stock · L1 · receive',
      'e1000 · tuned · lan · send',
    ]);
    expect(scenarioLabels(keys, 20)).toMatchObject({
      labels: ['N1 · P1 · L1 · D1', 'N2 · P2 · lan · send'],
      legend: expect.arrayContaining([
        { short: 'N1', value: 'virtio-net-pci' },
        { short: 'L1', value: 'rtt50ms-loss0.1pct' },
        { short: 'D1', value: 'receive' },
      ]),
    });
    // Up to words only: wider rather than coded.
    expect(scenarioLabels(keys, 20, 'words').labels).toEqual([
      'virtio · stock · rtt50ms · receive',
      'e1000 · tuned · lan · send',
    ]);
  });

  it('gives one code per scenario, its whole label in the legend, when even codes are too wide', () => {
    const keys = ['linux/virtio-net-pci/stock/rtt50ms-loss0.1pct/receive', 'linux/e1000/tuned/lan/send'];
    expect(scenarioLabels(keys, 10)).toEqual({
      labels: ['S1', 'S2'],
      shared: ['linux'],
      legend: [
        { short: 'S1', value: 'virtio-net-pci · stock · rtt50ms-loss0.1pct · receive' },
        { short: 'S2', value: 'e1000 · tuned · lan · send' },
      ],
    });
  });

  it('never shortens a value to a start it shares with another value of its column', () => {
    // `e1000` starts the others, and they part only at their last word: words cannot shorten them.
    const { labels, legend } = scenarioLabels(['g/e1000/s', 'g/e1000-x/s', 'g/e1000-y/s'], 2, 'words');
    expect(labels).toEqual(['e1000', 'e1000-x', 'e1000-y']);
    expect(legend).toEqual([]);
  });

  it('skips a code that is a value shown elsewhere, so the legend reads one way', () => {
    const keys = ['g/n/L1/rtt50ms-a/s', 'g/n/L2/rtt50ms-b/s', 'g/n/L2/rtt20ms-b/s'];
    expect(scenarioLabels(keys, 7)).toEqual({
      labels: ['L1 · L3', 'L2 · L4', 'L2 · L5'],
      shared: ['g', 'n', 's'],
      legend: [
        { short: 'L3', value: 'rtt50ms-a' },
        { short: 'L4', value: 'rtt50ms-b' },
        { short: 'L5', value: 'rtt20ms-b' },
      ],
    });
  });

  it('keeps labels unique when keys repeat or differ only in characters it replaces', () => {
    expect(scenarioLabels(['g/a"b', 'g/a[b', 'g/a"b'])).toEqual({
      labels: ['a_b', 'a_b~2', 'a_b~3'],
      shared: ['g'],
      legend: [],
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
