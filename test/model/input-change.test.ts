// A verdict's input differences as a verdicts file carries them: it may be a fork's artifact, so the
// file an annotation or a report line names is a path inside the repository, and lists are bounded.
import { FileFormatError } from '../../src/common/errors.js';
import { MAX_INPUT_DIFFERENCES, type InputDifference } from '../../src/model/input-change.js';
import { parseVerdictsJson, type Verdict } from '../../src/model/verdicts.js';
import { REGRESSION, verdictsFile, WMEM_CAPPED } from '../report/fixtures.js';

const DIFFERENCE: InputDifference = WMEM_CAPPED;

function read(differences: unknown[], more?: number) {
  // As a file may carry it: checked by the reader, not by the compiler.
  const verdict = {
    ...REGRESSION,
    inputs: { differences, ...(more === undefined ? {} : { more }) },
  } as Verdict;
  return parseVerdictsJson(JSON.stringify(verdictsFile([verdict])), 'verdicts.json').verdicts[0]!;
}

describe("a verdict's input differences", () => {
  it('read back as written', () => {
    expect(read([DIFFERENCE], 3).inputs).toEqual({ differences: [DIFFERENCE], more: 3 });
  });

  it.each(['/etc/sysctl.conf', '../outside.conf', 'profiles/../../x.conf', 'a\n::error::x.conf', ''])(
    'refuse the file %j: never absolute, never leaving the repository, one line',
    (file) => {
      expect(() => read([{ ...DIFFERENCE, file }])).toThrow(FileFormatError);
    },
  );

  it('refuse more differences than a verdict keeps, a line that is not a line number, and unknown fields', () => {
    expect(() => read(Array.from({ length: MAX_INPUT_DIFFERENCES + 1 }, () => DIFFERENCE))).toThrow(
      FileFormatError,
    );
    expect(() => read([{ ...DIFFERENCE, line: 0 }])).toThrow(FileFormatError);
    expect(() => read([{ ...DIFFERENCE, command: 'rm -rf /' }])).toThrow(FileFormatError);
  });
});
