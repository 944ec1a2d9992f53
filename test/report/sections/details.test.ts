import { details, renderFailures, renderReasons } from '../../../src/report/sections/details.js';
import type { Verdict } from '../../../src/model/verdicts.js';
import { scenario } from '../../baseline/sample-results.js';
import { mixedVerdicts, unchanged } from '../fixtures.js';

describe('details', () => {
  it('leaves blank lines around the body so GitHub renders markdown inside', () => {
    expect(details('S', ['- a'])).toBe('<details>\n<summary>S</summary>\n\n- a\n\n</details>');
  });
});

describe('renderReasons', () => {
  it('lists every verdict but the unchanged ones, with its icon', () => {
    const text = renderReasons(mixedVerdicts())!;
    expect(text).toContain('<summary>Why: 7 verdicts other than unchanged</summary>');
    expect(text).toContain('- 🆕 linux/e1000/stock/lan/send: not in the baseline');
    expect(text).not.toContain('within the 5.0% threshold');
  });

  it('adds an error unless the reason already quotes it', () => {
    const quoted: Verdict = {
      key: 'k',
      kind: 'error',
      reason: 'boot timeout after 60 s',
      error: 'boot timeout',
    };
    expect(renderReasons([quoted])).toContain('- ❌ k: boot timeout after 60 s\n');
    const apart: Verdict = { key: 'k', kind: 'error', reason: 'the guest did not boot', error: 'a|b' };
    expect(renderReasons([apart])).toContain('- ❌ k: the guest did not boot (a\\|b)');
  });

  it('is absent when everything is unchanged', () => {
    expect(renderReasons([unchanged('k')])).toBeUndefined();
  });
});

describe('renderFailures', () => {
  it('lists failed scenarios with their error, or that they had no samples', () => {
    const text = renderFailures([
      scenario('linux/a/b/c/send', [1e9]),
      scenario('linux/a/b/c/receive', [], { error: 'iperf3 exited with code 1' }),
      scenario('linux/a/b/d/send', []),
    ])!;
    expect(text).toContain('<summary>Failed scenarios: 2</summary>');
    expect(text).toContain('- ❌ linux/a/b/c/receive: iperf3 exited with code 1');
    expect(text).toContain('- ❌ linux/a/b/d/send: no samples');
    expect(renderFailures([scenario('linux/a/b/c/send', [1e9])])).toBeUndefined();
  });
});
