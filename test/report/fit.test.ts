import {
  fitReport,
  GITHUB_COMMENT_LIMIT,
  GITHUB_SUMMARY_LIMIT_BYTES,
  type ReportParts,
} from '../../src/report/fit.js';

const SUMMARY = 'https://github.com/o/r/actions/runs/1#summary';

function parts(overrides: Partial<ReportParts> = {}): ReportParts {
  return {
    title: '<!-- m -->\n## nicgate: 3 unchanged',
    status: '✅ No throughput regressions',
    tableHeader: ['| scenario | median |', '| --- | ---: |'],
    rows: ['| a | 1 |', '| b | 2 |', '| c | 3 |'],
    chart: `chart ${'x'.repeat(2000)}`,
    reasons: `reasons ${'x'.repeat(2000)}`,
    reasonsLabel: 'verdict reasons',
    environment: `environment ${'x'.repeat(2000)}`,
    ...overrides,
  };
}

const FULL = fitReport(parts());

describe('fitReport', () => {
  it('joins every part with blank lines when they fit', () => {
    expect(FULL).toBe(
      [
        '<!-- m -->\n## nicgate: 3 unchanged',
        '✅ No throughput regressions',
        '| scenario | median |\n| --- | ---: |\n| a | 1 |\n| b | 2 |\n| c | 3 |',
        parts().chart,
        parts().reasons,
        `${parts().environment}\n`,
      ].join('\n\n'),
    );
  });

  it('keeps a margin below the limit for counting it cannot see', () => {
    expect(fitReport(parts(), { maxLength: FULL.length })).not.toBe(FULL);
    expect(fitReport(parts(), { maxLength: FULL.length + 100 })).toBe(FULL);
  });

  it('drops the environment first, then the reasons, then the chart, and names each', () => {
    const noEnvironment = fitReport(parts(), { maxLength: FULL.length - 1000, summaryUrl: SUMMARY });
    expect(noEnvironment).not.toContain('environment xx');
    expect(noEnvironment).toContain('reasons xx');
    expect(noEnvironment).toContain(
      `Environment details left out to stay within GitHub's comment size limit: see the full report in the job summary (<${SUMMARY}>).`,
    );
    const noReasons = fitReport(parts(), { maxLength: FULL.length - 3000 });
    expect(noReasons).not.toContain('reasons xx');
    expect(noReasons).toContain('chart xx');
    expect(noReasons).toContain('Environment details and verdict reasons left out');
    const noChart = fitReport(parts(), { maxLength: FULL.length - 5000 });
    expect(noChart).not.toContain('chart xx');
    expect(noChart).toContain('Environment details, verdict reasons and chart left out');
    expect(noChart).toContain('| c | 3 |');
  });

  it('puts the method under the status, keeps it, and drops the dropped blocks after the environment', () => {
    const withMore = parts({ method: 'Measured base a and head b.', dropped: `dropped ${'x'.repeat(2000)}` });
    const full = fitReport(withMore);
    expect(full).toContain('✅ No throughput regressions\n\nMeasured base a and head b.\n\n| scenario |');
    expect(full.indexOf('dropped xx')).toBeGreaterThan(full.indexOf('reasons xx'));
    expect(full.indexOf('dropped xx')).toBeLessThan(full.indexOf('environment xx'));
    const noDropped = fitReport(withMore, { maxLength: full.length - 3000 });
    expect(noDropped).not.toContain('dropped xx');
    expect(noDropped).toContain('reasons xx');
    expect(noDropped).toContain('Environment details and dropped blocks left out');
    const rowsOnly = fitReport(withMore, { maxLength: 400 });
    expect(rowsOnly).toContain('Measured base a and head b.');
    expect(rowsOnly).toContain('| c | 3 |');
  });

  it('names the reasons by their label, and skips parts that are absent', () => {
    const body = fitReport(parts({ environment: undefined, reasonsLabel: 'failure details' }), {
      maxLength: FULL.length - 3000,
    });
    expect(body).toContain('Failure details left out');
  });

  it('then keeps as many rows as fit, counting the rest in a note', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `| scenario-${i} | ${i} |`);
    const body = fitReport(parts({ rows }), { maxLength: 1200, summaryUrl: SUMMARY });
    expect(body.length).toBeLessThanOrEqual(1200);
    const kept = body.split('\n').filter((line) => line.startsWith('| scenario-'));
    expect(kept.length).toBeGreaterThan(10);
    expect(kept).toEqual(rows.slice(0, kept.length));
    expect(
      body.endsWith(
        `… ${100 - kept.length} more scenarios: see the full report in the job summary (<${SUMMARY}>)\n`,
      ),
    ).toBe(true);
  });

  it('at the very smallest keeps only the title, cut without splitting a surrogate pair', () => {
    expect(fitReport(parts(), { maxLength: 60 })).toBe(`${parts().title}\n`);
    const emoji = fitReport(parts({ title: '🔴'.repeat(50) }), { maxLength: 31 });
    expect(emoji.length).toBeLessThanOrEqual(31);
    expect(emoji).toMatch(/^(🔴)*$/u);
    expect(fitReport(parts(), { maxLength: 0 })).toBe('');
  });

  it('defaults to GitHub’s limit, also for a limit that is not a number', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `| scenario-${i} | ${'x'.repeat(20)} |`);
    for (const maxLength of [undefined, Number.NaN, Infinity]) {
      const body = fitReport(parts({ rows }), { maxLength });
      expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
      expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.9);
    }
  });

  describe('counted in UTF-8 bytes (the job summary)', () => {
    const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
    // 12,000 failed scenarios whose rows and reasons are mostly three-byte characters.
    const rows = Array.from(
      { length: 12_000 },
      (_, i) => `| linux/e1000/stock/lan${i}/send | ❌ ${'ゲストが起動しませんでした。'.repeat(2)} |`,
    );
    const many = parts({
      rows,
      reasons: undefined,
      chart: undefined,
      environment: `環境 ${'x'.repeat(100)}`,
    });

    it('keeps the whole report under 1 MiB in bytes, where UTF-16 units let it grow past', () => {
      const units = fitReport(many, { maxLength: GITHUB_SUMMARY_LIMIT_BYTES });
      expect(bytes(units)).toBeGreaterThan(GITHUB_SUMMARY_LIMIT_BYTES);
      const body = fitReport(many, { maxLength: GITHUB_SUMMARY_LIMIT_BYTES, unit: 'utf8' });
      expect(bytes(body)).toBeLessThanOrEqual(GITHUB_SUMMARY_LIMIT_BYTES);
      expect(bytes(body)).toBeGreaterThan(GITHUB_SUMMARY_LIMIT_BYTES * 0.5);
    });

    it('counts bytes when keeping rows, too', () => {
      const body = fitReport(parts({ rows }), { maxLength: 100_000, unit: 'utf8' });
      expect(bytes(body)).toBeLessThanOrEqual(100_000);
      expect(bytes(body)).toBeGreaterThan(99_000);
      expect(body).toMatch(/… \d+ more scenarios: see the full report in the job summary\n$/);
    });

    it('cuts the title at whole characters', () => {
      const body = fitReport(parts({ title: '失'.repeat(50) }), { maxLength: 31, unit: 'utf8' });
      expect(body).toMatch(/^失*$/u);
      expect(bytes(body)).toBeLessThanOrEqual(31);
      expect(bytes(body)).toBeGreaterThan(31 - 3);
    });
  });
});
