// What the markdown report is made from; shared by the report and its sections.
import type { Environment } from '../model/environment.js';
import type { ResultsFile } from '../model/results.js';
import type { VerdictsFile } from '../model/verdicts.js';

export interface ReportInput {
  /** Hidden HTML comment identifying the sticky comment (see github/marker.ts); put first, verbatim. */
  marker: string;
  /** Absent when nothing was compared. */
  verdicts?: VerdictsFile;
  /** This run. */
  results: ResultsFile;
  /** The newest baseline run's environment, when known. */
  baselineEnvironment?: Environment;
  /** The workflow run, e.g. https://github.com/o/r/actions/runs/1. */
  runUrl?: string;
  /** Where the full report lives when the comment is cut (the run's job summary). */
  summaryUrl?: string;
  /** The commit measured; defaults to the results' git commit. */
  commit?: string;
  /**
   * Set when another run measured these figures and this job only reports them (`mode: comment`
   * on workflow_run): `runUrl` and `commit` are then that run's, and the report says so.
   */
  measuredBy?: { runId?: string; pullRequest: boolean };
}
