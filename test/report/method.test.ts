import { basisOf, fileBasis, methodLine, shortSha, verdictNote } from '../../src/report/method.js';
import { escapeMarkdown } from '../../src/report/markdown.js';
import type { Verdict } from '../../src/model/verdicts.js';
import { BASE_COMMIT, HEAD_COMMIT, pairedFile, REGRESSION, unchanged, verdictsFile } from './fixtures.js';
import { CONTROL, HOSTILE } from './hostile.js';

const raw = (text: string): string => text;
const INPUTS: Verdict = { key: 'k', kind: 'inputs-unchanged', reason: 'r' };

describe('methodLine', () => {
  it('names base, head, pairs, order and seed of a paired job, then the verdicts reached otherwise', () => {
    expect(methodLine(pairedFile(), raw)).toBe(
      'Measured base a1b2c3d and head e4f5a6b in this job, 8 pairs per changed scenario, interleaved (seed 1234). ' +
        '1 scenario was judged against the stored baseline. ' +
        '1 scenario was not measured: base and head apply the same inputs.',
    );
  });

  it('is the paired sentence alone when every verdict was paired', () => {
    const file = pairedFile();
    file.verdicts = file.verdicts.filter((v) => v.basis === 'paired');
    expect(methodLine(file, raw)).toBe(
      'Measured base a1b2c3d and head e4f5a6b in this job, 8 pairs per changed scenario, interleaved (seed 1234).',
    );
  });

  it("names each user image's content hash on both sides, or once where they are the same bytes", () => {
    const file = pairedFile();
    file.verdicts = file.verdicts.filter((v) => v.basis === 'paired');
    file.paired!.images = [
      { name: 'cloud', base: 'a'.repeat(64), head: 'b'.repeat(64) },
      { name: 'edge', base: 'c'.repeat(64), head: 'c'.repeat(64) },
    ];
    expect(methodLine(file, raw)).toBe(
      'Measured base a1b2c3d and head e4f5a6b in this job, 8 pairs per changed scenario, interleaved (seed 1234). ' +
        `Image cloud: base sha256 ${'a'.repeat(12)}, head sha256 ${'b'.repeat(12)}. ` +
        `Image edge: sha256 ${'c'.repeat(12)} on both sides.`,
    );
  });

  it('says nothing for a stored-baseline file, whose status line names the baseline', () => {
    expect(methodLine(verdictsFile([REGRESSION, unchanged('k')]), raw)).toBeUndefined();
  });

  it('counts what a stored-baseline file reached otherwise', () => {
    expect(methodLine(verdictsFile([REGRESSION, INPUTS, { ...INPUTS, key: 'j' }]), raw)).toBe(
      'Compared with the stored baseline. 2 scenarios were not measured: base and head apply the same inputs.',
    );
  });

  it('escapes the commits it is given', () => {
    const file = pairedFile({
      paired: { baseCommit: HOSTILE, headCommit: '<b>@octocat', pairs: 1, seed: 0 },
    });
    const line = methodLine(file, escapeMarkdown)!;
    expect(line).toContain('and head &lt;b&gt;@\u200doctocat in this job, 1 pair per changed scenario');
    expect(line).not.toMatch(CONTROL);
    expect(line).not.toContain('\n');
  });
});

describe('shortSha', () => {
  it('cuts a SHA to 7 hex digits and leaves anything else as it is', () => {
    expect(shortSha(BASE_COMMIT)).toBe('a1b2c3d');
    expect(shortSha(HEAD_COMMIT.toUpperCase())).toBe('E4F5A6B');
    expect(shortSha('main')).toBe('main');
    expect(shortSha('a1b2c3')).toBe('a1b2c3');
  });
});

describe('basisOf and fileBasis', () => {
  it('reads an absent basis as the stored baseline, unless the kind says inputs unchanged', () => {
    expect(basisOf(REGRESSION)).toBe('stored-baseline');
    expect(basisOf(INPUTS)).toBe('inputs-unchanged');
    expect(basisOf({ ...REGRESSION, basis: 'paired' })).toBe('paired');
    expect(fileBasis(pairedFile())).toBe('paired');
    expect(fileBasis(verdictsFile([]))).toBe('stored-baseline');
  });
});

describe('verdictNote', () => {
  const [, improvement, regression, stored, inputs] = pairedFile().verdicts;

  it('gives a paired verdict’s pairs and dropped blocks', () => {
    expect(verdictNote(improvement!, 'paired')).toBe('8 pairs');
    expect(verdictNote(regression!, 'paired')).toBe('7 pairs, 1 dropped');
    expect(verdictNote({ ...improvement!, pairs: { used: 1, dropped: [] } }, 'paired')).toBe('1 pair');
  });

  it('names a basis that differs from the file’s, but not the one the kind already says', () => {
    expect(verdictNote(stored!, 'paired')).toBe('stored baseline');
    expect(verdictNote(inputs!, 'paired')).toBeUndefined();
    expect(verdictNote(improvement!, 'stored-baseline')).toBe('paired, 8 pairs');
    expect(verdictNote(REGRESSION, 'stored-baseline')).toBeUndefined();
  });
});
