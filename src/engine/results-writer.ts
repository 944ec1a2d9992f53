// The results file, written once per run and before teardown: complete after the loop, or
// partial (marked so, with why) when a signal or an error stops the run after something was
// measured. Whichever comes first decides; later calls get the same file.
import { writeJsonFile } from '../common/atomic-file.js';
import type { Environment } from '../model/environment.js';
import { RESULTS_SCHEMA_VERSION, type ResultsFile, type ScenarioResult } from '../model/results.js';
import type { LoopOutcome } from './loop.js';

/** The scenario that was running when the run stopped, kept with its samples and marked failed. */
function cutShort(current: ScenarioResult | undefined, reason: string): ScenarioResult[] {
  if (current === undefined || current.samples.length === 0) return [];
  const cut: ScenarioResult = {
    ...current,
    error: `${reason} after ${current.samples.length} repetition(s)`,
  };
  delete cut.summary;
  return [cut];
}

export class ResultsWriter {
  /** Filled by the loop as it goes. */
  readonly outcome: LoopOutcome = { scenarios: [] };
  /** Set once the session knows where the run happens. */
  environment: Environment | undefined;
  private written: Promise<ResultsFile | undefined> | undefined;

  constructor(
    readonly outPath: string,
    /** A paired run's side: which one, and the commit its inputs came from. */
    private readonly side?: ResultsFile['side'],
  ) {}

  /** The file as it stands; undefined for a partial run that measured nothing. */
  build(partialReason?: string): ResultsFile | undefined {
    const scenarios =
      partialReason === undefined
        ? this.outcome.scenarios
        : [...this.outcome.scenarios, ...cutShort(this.outcome.current, partialReason)];
    if (this.environment === undefined || (partialReason !== undefined && scenarios.length === 0))
      return undefined;
    const guestKernel = this.outcome.guestKernel ?? this.environment.guestKernel;
    return {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      environment: { ...this.environment, guestKernel },
      scenarios,
      ...(this.side ? { side: this.side } : {}),
      ...(partialReason === undefined ? {} : { partial: true as const, partialReason }),
    };
  }

  /** Writes the file once: complete without a reason, partial with one. */
  finish(partialReason?: string): Promise<ResultsFile | undefined> {
    return (this.written ??= this.write(partialReason));
  }

  private async write(partialReason?: string): Promise<ResultsFile | undefined> {
    const results = this.build(partialReason);
    if (results) await writeJsonFile(this.outPath, results);
    return results;
  }
}
