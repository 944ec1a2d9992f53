import { renderStops } from '../../../src/report/sections/stops.js';
import { renderReport } from '../../../src/report/report.js';
import type { Verdict, VerdictsFile } from '../../../src/model/verdicts.js';
import { input, pairedFile } from '../fixtures.js';

/** The paired fixture as sequential looks judged it: each paired verdict with why it stopped. */
function sequentialFile(): VerdictsFile {
  const stops = [
    'cap of 12 pairs reached',
    'settled: improvement at look 1',
    'settled: regression at look 5',
  ];
  let next = 0;
  const file = pairedFile();
  file.paired!.design = { sequential: true, firstLook: 3, cap: 12, tests: 3 };
  file.verdicts = file.verdicts.map((v): Verdict =>
    v.pairs === undefined ? v : { ...v, pairs: { ...v.pairs, stop: stops[next++]! } },
  );
  return file;
}

describe('renderStops', () => {
  it('lists the pairs each scenario used and why it stopped, collapsed, counting those settled early', () => {
    expect(renderStops(sequentialFile().verdicts)).toBe(
      [
        '<details>',
        '<summary>Pairs: 2 of 3 scenarios settled before the cap</summary>',
        '',
        '- linux/virtio-net-pci/stock/rtt50ms/send: 8 pairs, cap of 12 pairs reached',
        '- linux/e1000/tuned/rtt50ms/send: 8 pairs, settled: improvement at look 1',
        '- linux/virtio-net-pci/tuned/rtt50ms/send: 7 pairs, settled: regression at look 5',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('is absent where no verdict records a stop (the fixed design, files before looks)', () => {
    expect(renderStops(pairedFile().verdicts)).toBeUndefined();
  });
});

describe('the report of a file judged with sequential looks', () => {
  it('says which design judged it and shows why each scenario stopped', () => {
    const body = renderReport(input({ verdicts: sequentialFile() }));
    expect(body).toContain(
      'in this job, 8 pairs at most per changed scenario, interleaved (seed 1234); sequential: looked after every pair from 3, Pocock-type alpha spending, Bonferroni over 3 scenarios.',
    );
    expect(body).toContain('<summary>Pairs: 2 of 3 scenarios settled before the cap</summary>');
    expect(body).toContain(
      '- linux/virtio-net-pci/tuned/rtt50ms/send: 7 pairs, settled: regression at look 5',
    );
  });

  it('names the fixed design where the file records it, and says nothing of a design a file lacks', () => {
    const fixed = pairedFile();
    fixed.paired!.design = { sequential: false, cap: 8 };
    const body = renderReport(input({ verdicts: fixed }));
    expect(body).toContain(
      '8 pairs per changed scenario, interleaved (seed 1234); fixed design: every pair measured, Wilcoxon signed-rank, Holm-adjusted.',
    );
    const old = renderReport(input({ verdicts: pairedFile() }));
    expect(old).toContain('8 pairs per changed scenario, interleaved (seed 1234).');
    expect(old).not.toContain('Pairs:');
  });
});
