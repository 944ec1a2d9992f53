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
