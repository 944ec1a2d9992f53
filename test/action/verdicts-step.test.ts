// Recording a merged matrix: a baseline run has one environment, so a merge whose jobs ran in
// environments that block comparison (KVM and TCG) is not recorded under one of them.
import { jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionSettings } from '../../src/action/inputs.js';
import { obtainVerdicts } from '../../src/action/verdicts-step.js';
import { mergeResults } from '../../src/results/merge.js';
import { results, scenario } from '../baseline/sample-results.js';

function settings(): ActionSettings {
  const dir = mkdtempSync(join(tmpdir(), 'nicgate-verdicts-step-'));
  return {
    mode: 'aggregate',
    plan: { workDir: dir, outPath: join(dir, 'results.json') },
    resultsFiles: '',
    verdictsFile: '',
    prNumber: undefined,
    // A push to the default branch: record, compare with nothing.
    context: { mode: 'auto', eventName: 'push', branch: 'main', defaultBranch: 'main', baselineBranches: [] },
    decision: { threshold: 0.05, alpha: 0.01, allowEnvironmentChange: false },
    window: 5,
    verdictsPath: join(dir, 'verdicts.json'),
    reportPath: join(dir, 'report.md'),
    failOnRegression: true,
    comment: { enabled: false, id: 'x', token: '' },
    payload: undefined,
  } as unknown as ActionSettings;
}

async function stdoutOf(action: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await action();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('obtainVerdicts, recording a merged matrix', () => {
  it('refuses to record scenarios measured under KVM and TCG as one baseline run', async () => {
    const merged = mergeResults([
      { source: 'kvm.json', results: results([scenario('linux/virtio-net-pci/tuned/lan/send', [9e9])]) },
      {
        source: 'tcg.json',
        results: results([scenario('linux/e1000/tuned/lan/send', [4e8])], { accelerator: 'tcg' }),
      },
    ]).results;
    const stdout = await stdoutOf(() => obtainVerdicts(settings(), merged));
    expect(stdout).toContain(
      '::warning::nicgate: not recording this run in the baseline of main: its scenarios were measured in ' +
        'environments that cannot be compared (accelerator kvm → tcg)',
    );
    expect(stdout).not.toContain('recorded this run');
  });
});
