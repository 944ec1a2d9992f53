// `nicgate report`: the pull-request comment the Action posts, rendered here from a results file
// and (optionally) a verdicts file, to standard output or a file.
import { writeFileAtomic } from '../common/atomic-file.js';
import { EXIT_OK } from '../common/errors.js';
import { hostPaths } from '../config/host-paths.js';
import { checkOutputFile } from '../config/paths.js';
import { commentMarker } from '../github/marker.js';
import { terminalText } from '../report/console-text.js';
import { renderReport } from '../report/report.js';
import { readResultsFile, readVerdictsFile } from './input-files.js';
import type { Io } from './io.js';

export type ReportFlags = Partial<Record<'results' | 'verdicts' | 'out', string>>;

/** The comment's hidden marker, as the Action writes it; the id says it was rendered here. */
const COMMAND_LINE_COMMENT_ID = 'nicgate-cli';

export async function reportCommand(flags: ReportFlags, io: Io): Promise<number> {
  const results = readResultsFile(flags.results);
  const verdicts = flags.verdicts === undefined ? undefined : readVerdictsFile(flags.verdicts);
  if (flags.out !== undefined) checkOutputFile('--out', flags.out, hostPaths);
  const report = renderReport({
    marker: commentMarker(COMMAND_LINE_COMMENT_ID),
    results,
    ...(verdicts ? { verdicts } : {}),
  });
  if (flags.out === undefined) {
    // The renderer escapes what came from the files; a terminal gets no control character anyway.
    io.out(terminalText(report));
    return EXIT_OK;
  }
  await writeFileAtomic(flags.out, report);
  io.log(`nicgate: report written to ${flags.out}`);
  return EXIT_OK;
}
