import { pairedOptionsFor, pullRequestBaseSha } from '../../src/action/paired-inputs.js';

const sha = 'a'.repeat(40);

describe('pullRequestBaseSha', () => {
  it('reads the base SHA of a pull_request event', () => {
    expect(pullRequestBaseSha({ pull_request: { base: { sha } } })).toBe(sha);
  });

  it('ignores what is not a commit id', () => {
    expect(pullRequestBaseSha(undefined)).toBeUndefined();
    expect(pullRequestBaseSha({})).toBeUndefined();
    expect(pullRequestBaseSha({ pull_request: { base: { sha: 'main; rm -rf /' } } })).toBeUndefined();
    expect(pullRequestBaseSha({ pull_request: { base: { sha: 42 } } })).toBeUndefined();
  });
});

describe('pairedOptionsFor', () => {
  const payload = { pull_request: { base: { sha } } };

  it('pairs a pull request against its base in auto and compare modes', () => {
    for (const mode of ['auto', 'compare'] as const)
      expect(pairedOptionsFor({ mode, payload, pairedInputs: {} }, 'r.json')?.baseRef).toBe(sha);
  });

  it('lets base-ref override the event', () => {
    expect(
      pairedOptionsFor({ mode: 'auto', payload, pairedInputs: { 'base-ref': 'v1' } }, 'r.json')?.baseRef,
    ).toBe('v1');
  });

  it('judges against the stored baseline on a push, and never pairs a recording run', () => {
    expect(pairedOptionsFor({ mode: 'auto', payload: {}, pairedInputs: {} }, 'r.json')).toBeUndefined();
    expect(pairedOptionsFor({ mode: 'record', payload, pairedInputs: {} }, 'r.json')).toBeUndefined();
    expect(pairedOptionsFor({ mode: 'measure', payload, pairedInputs: {} }, 'r.json')).toBeUndefined();
  });
});

describe('paired inputs in jobs that do not pair (issue 26)', () => {
  const payload = { pull_request: { base: { sha } } };

  it('are validated all the same: a bad value is an error in every mode, not ignored', () => {
    for (const mode of ['auto', 'compare', 'record', 'measure', 'aggregate', 'comment'] as const) {
      for (const [name, value, message] of [
        ['pairs', 'lots', '--pairs: "lots" is not a whole number between 3 and 100'],
        ['sequential', 'sometimes', '--sequential: "sometimes" is not on or off (true or false)'],
        ['gate-metrics', 'tcp-stats', '--gate-metrics: "tcp-stats" is not available yet'],
        ['seed', '-1', '--seed: "-1" is not a whole number between 0 and 4294967295'],
        ['on-inconclusive', 'maybe', '"maybe"'],
        ['always-measure', 'sure', '"sure"'],
      ] as const) {
        // On a push (no base to pair with) as well as on a pull request.
        for (const event of [{}, payload])
          expect(() =>
            pairedOptionsFor({ mode, payload: event, pairedInputs: { [name]: value } }, 'r.json'),
          ).toThrow(message);
      }
    }
  });

  it("accept action.yml's defaults in every mode", () => {
    const defaults = {
      pairs: '8',
      sequential: 'true',
      'always-measure': 'false',
      'gate-metrics': 'throughput',
      'on-inconclusive': 'pass',
    };
    for (const mode of ['record', 'measure', 'aggregate', 'comment'] as const)
      expect(pairedOptionsFor({ mode, payload, pairedInputs: defaults }, 'r.json')).toBeUndefined();
  });
});
