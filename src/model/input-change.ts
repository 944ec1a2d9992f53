// How a scenario's inputs moved from a pull request's base side to its head side. The paired gate
// finds it (gate/fingerprint.ts) and the paired verdicts file turns it into verdicts
// (verdicts/paired-file.ts), which comes before gate/ in the layers: so the type lives here.

/** `new` and `removed`: the key exists on one side only. */
export type InputChange = 'unchanged' | 'changed' | 'new' | 'removed';

export interface ScenarioChange {
  key: string;
  change: InputChange;
}
