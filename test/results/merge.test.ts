import { InputError } from '../../src/common/errors.js';
import { parseResultsJson, scenarioEnvironment } from '../../src/model/results.js';
import { mergeResults } from '../../src/results/merge.js';
import { environment, results, scenario } from '../baseline/sample-results.js';

const KVM_KEY = 'linux/virtio-net-pci/tuned/lan/send';
const TCG_KEY = 'linux/e1000/tuned/lan/send';

const kvmJob = results([scenario(KVM_KEY, [9e9])], { accelerator: 'kvm' });
const tcgJob = results([scenario(TCG_KEY, [4e8])], {
  accelerator: 'tcg',
  acceleratorNote: 'auto fell back to tcg: /dev/kvm missing',
  timestamp: '2025-02-01T10:05:00.000Z',
});

describe('mergeResults', () => {
  it('keeps each scenario in the environment it was measured in', () => {
    const { results: merged, notes } = mergeResults([
      { source: 'results-virtio.json', results: kvmJob },
      { source: 'results-e1000.json', results: tcgJob },
    ]);
    expect(merged.environment.accelerator).toBe('kvm');
    const [kvm, tcg] = merged.scenarios;
    expect(kvm!.environment).toBeUndefined();
    expect(scenarioEnvironment(merged, kvm!).accelerator).toBe('kvm');
    expect(tcg!.environment).toEqual(tcgJob.environment);
    expect(scenarioEnvironment(merged, tcg!).accelerator).toBe('tcg');
    expect(notes).toEqual(['results-e1000.json: accelerator kvm → tcg']);
  });

  it('the other way round labels no KVM scenario tcg either', () => {
    const { results: merged } = mergeResults([
      { source: 'results-e1000.json', results: tcgJob },
      { source: 'results-virtio.json', results: kvmJob },
    ]);
    const accelerators = Object.fromEntries(
      merged.scenarios.map((s) => [s.key, scenarioEnvironment(merged, s).accelerator]),
    );
    expect(accelerators).toEqual({ [TCG_KEY]: 'tcg', [KVM_KEY]: 'kvm' });
  });

  it('keeps scenario environments through a second merge and through the file format', () => {
    const once = mergeResults([
      { source: 'a.json', results: kvmJob },
      { source: 'b.json', results: tcgJob },
    ]).results;
    const third = results([scenario('linux/e1000e/tuned/lan/send', [8e9])], { accelerator: 'kvm' });
    const twice = mergeResults([
      { source: 'third.json', results: third },
      { source: 'merged.json', results: parseResultsJson(JSON.stringify(once), 'merged.json') },
    ]).results;
    const accelerators = twice.scenarios.map((s) => scenarioEnvironment(twice, s).accelerator);
    expect(accelerators).toEqual(['kvm', 'kvm', 'tcg']);
  });

  it('leaves scenarios of jobs in the same environment without one of their own', () => {
    const same = results([scenario(TCG_KEY, [4e8])], {});
    const { results: merged, notes } = mergeResults([
      { source: 'a.json', results: kvmJob },
      { source: 'b.json', results: same },
    ]);
    expect(merged.scenarios.map((s) => s.environment)).toEqual([undefined, undefined]);
    expect(notes).toEqual([]);
  });

  it('refuses a scenario measured by two jobs', () => {
    expect(() =>
      mergeResults([
        { source: 'a.json', results: kvmJob },
        { source: 'b.json', results: kvmJob },
      ]),
    ).toThrow(InputError);
  });

  it('reads results files without per-scenario environments as before', () => {
    const text = JSON.stringify(results([scenario(KVM_KEY, [9e9])]));
    const file = parseResultsJson(text, 'old.json');
    expect(file.scenarios[0]!.environment).toBeUndefined();
    expect(scenarioEnvironment(file, file.scenarios[0]!)).toEqual(environment());
  });
});
