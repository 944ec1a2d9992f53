// renderReport end to end: what the sticky comment says, in what order, escaped, and cut to size.
// The sections and the fitting have tests of their own beside this one.
import { hasMarker } from '../../src/github/marker.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/report/fit.js';
import { renderReport, type ReportInput } from '../../src/report/report.js';
import type { Verdict } from '../../src/model/verdicts.js';
import { environment, results, scenario } from '../baseline/sample-results.js';
import {
  comparison,
  chartBlock,
  input,
  MARKER,
  pairedFile,
  RUN_URL,
  SUMMARY_URL,
  tableKeys,
  unchanged,
  verdictsFile,
} from './fixtures.js';

describe('renderReport with verdicts', () => {
  const body = renderReport(input());

  it('puts the marker first, verbatim, where the sticky-comment finder looks for it', () => {
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(hasMarker(body, MARKER)).toBe(true);
    expect(hasMarker(body.replace(/\n/g, '\r\n'), MARKER)).toBe(true);
  });

  it('follows the marker with the headline and a red status', () => {
    const lines = body.split('\n');
    expect(lines[1]).toBe(
      '## nicgate: 2 regressions, 1 error, 1 improvement, 1 inconclusive, 1 missing, 1 new, 1 unchanged (not judged: the guest did not boot)',
    );
    expect(body).toContain(
      '🔴 Throughput regressed in 2 of 8 scenarios · ❌ Could not judge 1 of 8 scenarios',
    );
    expect(body).toContain('commit bbbbbbbbbbbb');
    expect(body).toContain(`[workflow run](<${RUN_URL}>)`);
  });

  it('shows a green status when nothing regressed', () => {
    const calm = renderReport(input({ verdicts: verdictsFile([unchanged('linux/a/b/c/send')]) }));
    expect(calm).toContain('## nicgate: 1 unchanged');
    expect(calm).toContain('✅ No throughput regressions');
    expect(calm).not.toContain('🔴');
  });

  it('lists regressions first, then errors, improvements, inconclusive, missing, new, unchanged', () => {
    expect(tableKeys(body)).toEqual([
      'linux/e1000/tuned/rtt50ms/send',
      'linux/virtio-net-pci/stock/rtt50ms/send',
      'linux/e1000/tuned/lan/receive',
      'linux/e1000/stock/rtt50ms/receive',
      'linux/virtio-net-pci/stock/lan/receive',
      'linux/rtl8139/stock/lan/send',
      'linux/e1000/stock/lan/send',
      'linux/virtio-net-pci/tuned/lan/send',
    ]);
  });

  it('says nothing of pairs or a stored baseline where a paired job measured nothing', () => {
    const file = pairedFile();
    const nothing = renderReport(
      input({ verdicts: { ...file, verdicts: file.verdicts.filter((v) => v.kind === 'inputs-unchanged') } }),
    );
    expect(nothing).toContain('Read base a1b2c3d and head e4f5a6b; nothing was measured.');
    expect(nothing).not.toContain('pairs per changed scenario');
    expect(nothing).not.toMatch(/baseline: |Baseline: /);
    // Measured, the job says how; where no verdict used the stored baseline, it is not named either.
    const measured = renderReport(
      input({ verdicts: { ...file, verdicts: file.verdicts.filter((v) => v.basis !== 'stored-baseline') } }),
    );
    expect(measured).toContain('8 pairs per changed scenario');
    expect(measured).not.toMatch(/baseline: |Baseline: /);
  });

  it('names the columns base and head for a paired job, measured both sides in this job', () => {
    const paired = renderReport(input({ verdicts: pairedFile() }));
    expect(paired).toMatch(/^\| scenario \| base median \| head median \| /m);
    expect(paired).not.toContain('baseline median');
    expect(paired).not.toContain("this run's");
  });

  it('writes medians with units, signed changes with their interval, and icons', () => {
    expect(body).toContain("| scenario | baseline median | this run's median | change (95% CI) | verdict |");
    expect(body).toContain(
      '| linux/e1000/tuned/rtt50ms/send | 940 Mbit/s | 863 Mbit/s | -8.2% (-10.1% … -6.0%) | 🔴 regression |',
    );
    expect(body).toContain('| 1.00 Gbit/s | 1.12 Gbit/s | +12.0% (+9.0% … +15.0%) | 🟢 improvement |');
    expect(body).toContain('| linux/e1000/tuned/lan/receive | — | — | — | ❌ error |');
    expect(body).toContain('| linux/rtl8139/stock/lan/send | 90.0 Mbit/s | — | — | ❔ missing |');
    expect(body).toContain('| linux/e1000/stock/lan/send | — | 500 Mbit/s | — | 🆕 new |');
    expect(body).toContain('| 3.00 Gbit/s | 3.10 Gbit/s | — | 🟡 inconclusive |');
    expect(body).toContain('| 9.40 Gbit/s | 9.38 Gbit/s | -0.2% (-1.0% … +1.0%) | ⚪ unchanged |');
  });

  it('draws the change of each scenario with one, labelled by what differs, in table order', () => {
    // Whole labels and the intervals' numbers do not fit 95 columns together: the numbers give way
    // (the plot draws each interval, the table writes it).
    expect(chartBlock(body)).toEqual([
      '```text',
      '                                         -25%       -5% 0 +5%       +25%  change',
      'e1000 · tuned · rtt50ms · send                    ├●┤:  │  :              -8.2%   regression',
      'virtio-net-pci · stock · rtt50ms · send  ├──●──┤     :  │  :              -20.0%  regression',
      'e1000 · stock · rtt50ms · receive                    :  │  : ├─●─┤        +12.0%  improvement',
      'virtio-net-pci · tuned · lan · send                  : ├●┤ :              -0.2%   unchanged',
      '```',
    ]);
    expect(body).toContain('All rows: linux.\n\n```text\n');
    expect(body).toContain(
      '```\n\n● the change, ├─┤ its 95% CI, │ no change, : the ±5.0% threshold. ' +
        '4 scenarios without a change not drawn (1 error, 1 inconclusive, 1 missing, 1 new).',
    );
  });

  it('gives the reasons of every verdict but the unchanged ones, collapsed', () => {
    const reasons = body.slice(body.indexOf('<summary>Why'), body.indexOf('</details>'));
    expect(reasons).toContain('<summary>Why: 7 verdicts other than unchanged</summary>');
    expect(reasons).toContain(
      '- 🔴 linux/e1000/tuned/rtt50ms/send: median 8.2% lower, beyond the 5.0% threshold (p = 0.001)',
    );
    expect(reasons).toContain('- ❌ linux/e1000/tuned/lan/receive: the guest did not boot (boot timeout)');
    expect(reasons).not.toContain('within the 5.0% threshold');
  });

  it('collapses the environment of both runs, notes, sysctls, settings, baseline runs and the run link', () => {
    const start = body.indexOf('<summary>Environment');
    expect(start).toBeGreaterThan(0);
    const envDetails = body.slice(start, body.indexOf('</details>', start));
    expect(envDetails).toContain('| | baseline | this run |');
    expect(envDetails).toContain('| QEMU ⚠️ | 8.2.2 | 9.0.0 |');
    expect(envDetails).toContain(
      '| host CPU | AMD EPYC 7763 64-Core Processor | AMD EPYC 7763 64-Core Processor |',
    );
    expect(envDetails).toContain('| guest kernel source | linux-image-6.1.0-28-amd64 6.1.119-1 |');
    expect(envDetails).toContain(`| commit | ${'a'.repeat(12)} | ${'b'.repeat(12)} |`);
    expect(envDetails).toContain('| branch | main | feature/x |');
    expect(envDetails).toContain('Differences noted by the comparison: QEMU 8.2.2 → 9.0.0.');
    expect(envDetails).toContain('| tuned (builtin) | net.core.rmem\\_max | 16777216 |');
    expect(envDetails).toContain('|  | net.ipv4.tcp\\_congestion\\_control | bbr |');
    expect(envDetails.match(/rmem\\_max/g)).toHaveLength(1);
    expect(envDetails).toContain('| stock (builtin) | — | — |');
    expect(envDetails).toContain('Threshold 5.0%, alpha 0.01, environment changes not allowed.');
    expect(envDetails).toContain(
      `Baseline: artifact nicgate-results, branch main, 2 runs: run 101 (commit aaaaaaaaaaaa, 2025-01-30T10:00:00.000Z); run 102`,
    );
    expect(envDetails).toContain(`[Workflow run](<${RUN_URL}>)`);
    expect(body.match(/<details>/g)).toHaveLength(2);
    expect(body.match(/<\/details>/g)).toHaveLength(2);
  });

  it('leaves the chart out when no scenario has a change', () => {
    const errors = renderReport(
      input({
        verdicts: verdictsFile([{ key: 'linux/a/b/c/send', kind: 'error', reason: 'x', error: 'y' }]),
      }),
    );
    expect(errors).not.toContain('```');
    expect(errors).toContain('❌ error');
  });

  it('shows one column of environment when the baseline environment is unknown', () => {
    const alone = renderReport(input({ baselineEnvironment: undefined }));
    expect(alone).toContain('| | this run |');
    expect(alone).toContain('| QEMU | 9.0.0 |');
  });
});

describe('renderReport for a paired job', () => {
  const body = renderReport(input({ verdicts: pairedFile() }));

  it('says under the status how base and head were measured, and what was reached otherwise', () => {
    const lines = body.split('\n');
    expect(lines[3]).toMatch(
      /^🔴 Throughput regressed in 1 of 5 scenarios · commit bbbbbbbbbbbb · baseline: /,
    );
    expect(lines[5]).toBe(
      'Measured base a1b2c3d and head e4f5a6b in this job, 8 pairs per changed scenario, interleaved (seed 1234). ' +
        '1 scenario was judged against the stored baseline. ' +
        '1 scenario was not measured: base and head apply the same inputs.',
    );
  });

  it('gives each verdict its pairs, or its basis where it is not paired', () => {
    expect(body).toContain('| -8.2% (-10.1% … -6.0%) | 🔴 regression · 7 pairs, 1 dropped |');
    expect(body).toContain('| +12.0% (+9.0% … +15.0%) | 🟢 improvement · 8 pairs |');
    expect(body).toContain('| -3.3% (-9.0% … ?) | 🟡 inconclusive · stored baseline |');
    expect(body).toContain('| linux/e1000e/stock/rtt50ms/send | — | — | — | ➖ inputs-unchanged |');
  });

  it('charts the drop, the improvement and the rest around zero, not the inputs-unchanged one', () => {
    expect(chartBlock(body)).toEqual([
      '```text',
      '                        -20%      -5%  0  +5%      +20%  change [95% CI]',
      'virtio-net-pci · tuned         ├─●┤:   │   :             -8.2% [-10.1%, -6.0%]   regression',
      'e1000 · tuned                      :   │   :  ├─●─┤      +12.0% [+9.0%, +15.0%]  improvement',
      'e1000 · stock                   ├────●─┼──────────────>  -3.3% [-9.0%, ?]        inconclusive',
      'virtio-net-pci · stock             :  ├●┤  :             -0.2% [-2.0%, +1.5%]    unchanged',
      '```',
    ]);
    expect(body).toContain('All rows: linux, rtt50ms, send.\n\n```text\n');
    expect(body).toContain(
      'threshold, &lt; or &gt; an unknown end. 1 scenario without a change not drawn (1 inputs-unchanged).',
    );
  });

  it('lists the dropped blocks, collapsed, after the reasons and before the environment', () => {
    const start = body.indexOf('<details>\n<summary>Dropped blocks: 1 in 1 scenario</summary>');
    expect(start).toBeGreaterThan(body.indexOf('<summary>Why'));
    expect(start).toBeLessThan(body.indexOf('<summary>Environment'));
    expect(body).toContain(
      '- linux/virtio-net-pci/tuned/rtt50ms/send: 1 dropped, 7 pairs used\n  - block 3: host steal time 12% (limit 5%)',
    );
  });

  it('leaves the stored baseline out of the status when no verdict used it', () => {
    const file = pairedFile();
    file.verdicts = file.verdicts.filter((v) => v.basis !== 'stored-baseline');
    const alone = renderReport(input({ verdicts: file }));
    expect(alone.split('\n')[3]).toBe(
      `🔴 Throughput regressed in 1 of 4 scenarios · commit bbbbbbbbbbbb · [workflow run](<${RUN_URL}>)`,
    );
  });

  it('escapes the commits and dropped-block reasons of a hostile file', () => {
    const HOSTILE = 'x</details><script>@octocat #12 `code` | pipe\n```\n# heading';
    const file = pairedFile({ paired: { baseCommit: HOSTILE, headCommit: HOSTILE, pairs: 8, seed: 1 } });
    file.verdicts = file.verdicts.map((v) =>
      v.pairs ? { ...v, pairs: { used: 7, dropped: [{ block: 2, reason: HOSTILE }] } } : v,
    );
    const hostile = renderReport(input({ verdicts: file }));
    expect(hostile).not.toMatch(/<script|@octocat|#12/);
    // Reasons, dropped blocks, environment.
    expect(hostile.match(/<details>/g)).toHaveLength(3);
    expect(hostile.match(/<\/details>/g)).toHaveLength(3);
    expect(hostile.split('\n').filter((line) => line.startsWith('```'))).toEqual(['```text', '```']);
    expect(hostile.split('\n').filter((line) => line.startsWith('#'))).toHaveLength(4);
    expect(hostile).toContain(
      '  - block 2: x&lt;/details&gt;&lt;script&gt;@\u200doctocat #\u200d12 \\`code\\` \\| pipe \\`\\`\\` # heading',
    );
  });
});

describe('renderReport without verdicts', () => {
  const body = renderReport({
    marker: MARKER,
    results: results([
      scenario('linux/e1000/tuned/lan/send', [9.1e8, 9.4e8, 9.3e8]),
      scenario('linux/e1000/tuned/lan/receive', [], { error: 'iperf3 exited with code 1' }),
      scenario('linux/virtio-net-pci/tuned/lan/send', [9.0e9, 9.4e9, 9.2e9]),
    ]),
    commit: '0123456789abcdef0123456789abcdef01234567',
  });

  it('counts what was measured and stays green', () => {
    expect(body.split('\n')[1]).toBe('## nicgate: 3 scenarios measured, 1 failed');
    expect(body).toContain('✅ Measured; nothing compared with a baseline · commit 0123456789ab');
  });

  it('tables median, range and samples, failures first', () => {
    expect(body).toContain('| scenario | median | min–max | samples |');
    expect(tableKeys(body)).toEqual([
      'linux/e1000/tuned/lan/receive',
      'linux/e1000/tuned/lan/send',
      'linux/virtio-net-pci/tuned/lan/send',
    ]);
    expect(body).toContain('| linux/e1000/tuned/lan/receive | ❌ failed | — | 0 |');
    expect(body).toContain('| linux/e1000/tuned/lan/send | 930 Mbit/s | 910 Mbit/s – 940 Mbit/s | 3 |');
    expect(body).toContain(
      '| linux/virtio-net-pci/tuned/lan/send | 9.20 Gbit/s | 9.00 Gbit/s – 9.40 Gbit/s | 3 |',
    );
  });

  it('draws no chart, having no change to draw, and lists failures', () => {
    expect(body).not.toContain('```');
    expect(body).toContain('- ❌ linux/e1000/tuned/lan/receive: iperf3 exited with code 1');
    expect(body).not.toContain('#### Settings');
  });
});

describe('renderReport escaping', () => {
  const HOSTILE =
    'x</details><script>alert(1)</script>](http://evil) @octocat `code` | pipe\n```\n# heading\r\n<!-- #12';
  const body = renderReport(
    input({
      verdicts: verdictsFile(
        [
          {
            key: `linux/${HOSTILE}/send`,
            kind: 'regression',
            reason: HOSTILE,
            ...comparison(1e9, 8e8, -0.3, -0.1),
          },
          { key: `linux/${HOSTILE}/receive`, kind: 'error', reason: 'failed', error: HOSTILE },
        ],
        {
          environmentNotes: [HOSTILE],
          baseline: {
            source: HOSTILE,
            branch: HOSTILE,
            runs: [{ runId: HOSTILE, commit: HOSTILE, timestamp: HOSTILE }],
          },
        },
      ),
      results: results(
        [
          scenario(`linux/${HOSTILE}/send`, [8e8], {
            profile: { name: HOSTILE, source: HOSTILE, sysctls: [] },
            appliedSysctls: [{ name: HOSTILE, value: HOSTILE }],
          }),
        ],
        { hostCpuModel: HOSTILE, guestKernel: HOSTILE, acceleratorNote: HOSTILE, git: { branch: HOSTILE } },
      ),
      baselineEnvironment: environment({ qemuVersion: HOSTILE }),
      commit: HOSTILE,
      runUrl: 'javascript:alert(1)',
    }),
  );
  const lines = body.split('\n');

  it('lets no HTML through and keeps the details blocks balanced', () => {
    expect(body).not.toMatch(/<script|<!-- #/);
    expect(body.match(/<details>/g)).toHaveLength(2);
    expect(body.match(/<\/details>/g)).toHaveLength(2);
    expect(body).toContain('&lt;/details&gt;&lt;script&gt;');
  });

  it('opens no links, mentions or references', () => {
    expect(body).not.toMatch(/(^|[^\\])\]\(/m);
    expect(body).not.toMatch(/@octocat/);
    expect(body).toContain('@\u200doctocat');
    expect(body).not.toMatch(/#12/);
    expect(body).not.toMatch(/http:\/\/evil/);
    expect(body).not.toContain('javascript:');
  });

  it('keeps user text inside its line: no new blocks, fences or table rows', () => {
    expect(lines.filter((line) => line.startsWith('```'))).toEqual(['```text', '```']);
    expect(lines.filter((line) => line.startsWith('#'))).toEqual([
      expect.stringMatching(/^## nicgate: 1 regression, 1 error \(not judged: [^\n]*\)$/),
      '#### Environment',
      '#### Applied sysctls',
      '#### Settings',
    ]);
    // Every unescaped pipe is a cell border: each row of a table has as many as its header.
    let borders: number | undefined;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        borders = undefined;
        continue;
      }
      expect(line.endsWith(' |')).toBe(true);
      const count = line.replace(/\\\|/g, '').split('|').length;
      borders ??= count;
      expect(count).toBe(borders);
    }
    expect(body).toContain('\\`code\\` \\| pipe \\`\\`\\` # heading');
  });

  it('keeps chart labels to key characters, so nothing inside the fence is read as markup', () => {
    const rows = chartBlock(body).slice(2, -1);
    expect(rows).toHaveLength(1);
    const label = rows[0]!.split('  ')[0]!;
    // A lone key keeps every segment, shortened by whole words and codes, never cut inside one.
    expect(label).toBe('linux · x · X1 · script · _ · evil · send');
    expect(chartBlock(body).slice(1, -1).join('\n')).not.toMatch(/[`<>&|#\\]/);
  });
});

describe('renderReport length', () => {
  function many(count: number): ReportInput {
    const verdicts: Verdict[] = [];
    const scenarios = [];
    for (let i = 0; i < count; i += 1) {
      const key = `linux/virtio-net-pci/profile-${i}/rtt${i % 100}ms/send`;
      verdicts.push(
        i % 10 === 3
          ? { key, kind: 'regression', reason: `dropped ${i}`, ...comparison(1e9, 9e8, -0.12, -0.08) }
          : unchanged(key, 1e9 + i * 1e6),
      );
      scenarios.push(
        scenario(key, [1e9], { appliedSysctls: [{ name: `net.core.value_${i}`, value: String(i) }] }),
      );
    }
    return input({ verdicts: verdictsFile(verdicts), results: results(scenarios) });
  }

  it('cuts 2000 scenarios to the comment limit: details and chart first, then rows, with a note', () => {
    const body = renderReport(many(2000));
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
    expect(body.split('\n')[0]).toBe(MARKER);
    expect(body.split('\n')[1]).toBe('## nicgate: 200 regressions, 1800 unchanged');
    expect(body).not.toContain('<details>');
    expect(body).not.toContain('```text');
    const shown = tableKeys(body);
    // Regressions first: they are the rows kept.
    expect(shown.slice(0, 200).every((key) => /profile-\d*3\//.test(key))).toBe(true);
    const note = body.match(/… (\d+) more scenarios: see the full report in the job summary \((.*)\)\n$/);
    expect(note).not.toBeNull();
    expect(Number(note![1]) + shown.length).toBe(2000);
    expect(note![2]).toBe(`<${SUMMARY_URL}>`);
  });

  it('honours any limit, dropping details, then the chart, then rows', () => {
    const source = many(40);
    const full = renderReport(source, { maxLength: 1e7 });
    expect(full).toContain('<summary>Environment');
    /** What is wrong with the report cut to `maxLength`; nothing when it is right. */
    const problems = (maxLength: number): string[] => {
      const body = renderReport(source, { maxLength });
      const found: string[] = [];
      if (body.length > maxLength) found.push(`${body.length} characters`);
      if (body.includes('… 0 more')) found.push('says "0 more"');
      if (body.length === 0) return found;
      if (!(MARKER.startsWith(body.split('\n')[0]!) || body.startsWith(`${MARKER}\n`)))
        found.push('does not start with the marker');
      const hasEnvironment = body.includes('<summary>Environment');
      const hasReasons = body.includes('<summary>Why');
      const hasChart = body.includes('```text');
      const rows = tableKeys(body).length;
      // Dropped in this order: details (environment, then reasons), then the chart, then rows.
      if (hasEnvironment && !hasReasons) found.push('the environment without the reasons');
      if (hasReasons && !hasChart) found.push('the reasons without the chart');
      if (hasChart && rows !== 40) found.push(`the chart with ${rows} of 40 rows`);
      if (!hasEnvironment && rows > 0 && !/see the full report in the job summary/.test(body))
        found.push('no pointer to the full report');
      // Below the title and the note, only the title is left (or part of it).
      const title = body.split('\n').slice(0, 2).join('\n');
      if (rows < 40 && body.length > title.length + 1 && !body.includes(`… ${40 - rows} more scenario`))
        found.push(`no "… ${40 - rows} more scenario" note`);
      return found;
    };
    const wrong: Record<number, string[]> = {};
    for (let maxLength = 0; maxLength < full.length + 1200; maxLength += 11) {
      const found = problems(maxLength);
      if (found.length > 0) wrong[maxLength] = found;
    }
    expect(wrong).toEqual({});
  });

  it('says what it left out when all rows still fit', () => {
    const source = many(40);
    const full = renderReport(source, { maxLength: 1e7 });
    const withoutEnvironment = full.slice(0, full.indexOf('<details>\n<summary>Environment'));
    const body = renderReport(source, { maxLength: withoutEnvironment.length + 1000 });
    expect(body).not.toContain('<summary>Environment');
    expect(body).toContain('```text');
    expect(body).toContain(
      `Environment details left out to stay within GitHub's comment size limit: see the full report in the job summary (<${SUMMARY_URL}>).`,
    );
  });

  it('without a summary URL the note still points at the job summary', () => {
    const body = renderReport({ ...many(2000), summaryUrl: undefined });
    expect(body).toMatch(/… \d+ more scenarios: see the full report in the job summary\n$/);
  });

  it('counts UTF-16 units and never splits a surrogate pair when it must cut the head', () => {
    const body = renderReport(input({ marker: '🔴'.repeat(50) }), { maxLength: 31 });
    expect(body.length).toBeLessThanOrEqual(31);
    expect(body).toMatch(/^(🔴)*$/u);
  });
});
