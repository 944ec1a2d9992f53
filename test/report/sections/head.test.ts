import { renderHead } from '../../../src/report/sections/head.js';
import { results, scenario } from '../../baseline/sample-results.js';
import { MARKER, pairedFile, RUN_URL, unchanged, verdictsFile } from '../fixtures.js';

const input = {
  marker: MARKER,
  results: results([scenario('linux/e1000/tuned/lan/send', [1e9])]),
  verdicts: verdictsFile([unchanged('linux/e1000/tuned/lan/send')]),
  commit: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
};

describe('renderHead', () => {
  it('links this job’s run', () => {
    expect(renderHead(input, RUN_URL).status).toMatch(
      / · commit 9e8d7c6b5a4f · baseline: .* · \[workflow run\]\(<https:\/\/github\.com\/o\/r\/actions\/runs\/1>\)$/,
    );
  });

  it('says when the figures come from the pull request’s own run', () => {
    const status = renderHead({ ...input, measuredBy: { runId: '77', pullRequest: true } }, RUN_URL).status;
    expect(status).toContain('commit 9e8d7c6b5a4f');
    expect(status).toMatch(
      / · figures from the pull request's own \[workflow run 77\]\(<https:\/\/github\.com\/o\/r\/actions\/runs\/1>\)$/,
    );
    const bare = renderHead({ ...input, measuredBy: { pullRequest: false } }, undefined).status;
    expect(bare).toMatch(/ · figures from the triggering workflow run$/);
  });

  it('has no method line for a stored-baseline file: the status names the baseline', () => {
    expect(renderHead(input, RUN_URL).method).toBeUndefined();
  });

  it('says how a paired job measured, naming the stored baseline only where a verdict used it', () => {
    const mixed = renderHead({ ...input, verdicts: pairedFile() }, RUN_URL);
    expect(mixed.method).toMatch(/^Measured base a1b2c3d and head e4f5a6b in this job, /);
    expect(mixed.status).toContain(' · baseline: artifact nicgate-results, branch main, 2 runs · ');
    const file = pairedFile();
    file.verdicts = file.verdicts.filter((v) => v.basis !== 'stored-baseline');
    const paired = renderHead({ ...input, verdicts: file }, RUN_URL);
    expect(paired.status).not.toContain('baseline:');
    expect(paired.method).toContain('1 scenario was not measured: base and head apply the same inputs.');
  });
});

describe('renderHead on a scenario that could not be judged', () => {
  it('never says "no regressions": the headline gives the reason and the status says it failed', () => {
    const error = {
      key: 'linux/e1000/tuned/lan/send',
      kind: 'error' as const,
      error: 'no pairs were measured',
      reason: 'cannot compare: no pairs were measured',
      basis: 'paired' as const,
    };
    const head = renderHead({ ...input, verdicts: verdictsFile([error]) }, RUN_URL);
    expect(head.title).toContain('1 error (not judged: cannot compare: no pairs were measured)');
    expect(head.status).toMatch(/^❌ Could not judge 1 of 1 scenario · /);
    expect(head.status).not.toContain('No throughput regressions');
  });

  it('says in the headline when inconclusive verdicts ended with too few pairs', () => {
    const short = {
      key: 'linux/e1000/tuned/lan/send',
      kind: 'inconclusive' as const,
      reason: '5 pairs cannot reach p < 0.01',
      basis: 'paired' as const,
      pairs: { used: 5, needed: 7, dropped: [] },
    };
    expect(renderHead({ ...input, verdicts: verdictsFile([short]) }, RUN_URL).title).toContain(
      '1 inconclusive (1 with too few pairs (5 of 7 needed))',
    );
  });
});
