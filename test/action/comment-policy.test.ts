import { InputError } from '../../src/common/errors.js';
import {
  commentAction,
  parseCommentMode,
  type CommentAction,
  type CommentMode,
} from '../../src/action/comment-policy.js';
import type { VerdictKind } from '../../src/model/verdicts.js';

const NOTHING_MEASURED: VerdictKind[] = ['inputs-unchanged', 'inputs-unchanged'];
const MEASURED: VerdictKind[] = ['inputs-unchanged', 'unchanged'];
const REGRESSED: VerdictKind[] = ['inputs-unchanged', 'regression'];

// mode, verdict kinds, gate fails, a comment exists -> what is done
const TABLE: [CommentMode, VerdictKind[], boolean, boolean, CommentAction][] = [
  ['always', NOTHING_MEASURED, false, false, 'create'],
  ['always', NOTHING_MEASURED, false, true, 'update'],
  ['always', [], false, false, 'create'],
  ['on-change', NOTHING_MEASURED, false, false, 'skip'],
  // A comment from an earlier push is updated to say this push measured nothing: never left stale.
  ['on-change', NOTHING_MEASURED, false, true, 'update'],
  ['on-change', MEASURED, false, false, 'create'],
  ['on-change', MEASURED, false, true, 'update'],
  // Nothing judged at all (no verdicts) is not "nothing measured": the results are the report.
  ['on-change', [], false, false, 'create'],
  ['on-regression', MEASURED, false, false, 'skip'],
  ['on-regression', NOTHING_MEASURED, false, false, 'skip'],
  ['on-regression', MEASURED, false, true, 'update'],
  ['on-regression', REGRESSED, false, false, 'create'],
  ['on-regression', REGRESSED, true, true, 'update'],
  // A gate that fails without a regression (an error, an inconclusive under on-inconclusive: fail).
  ['on-regression', ['error'], true, false, 'create'],
  ['never', REGRESSED, true, false, 'skip'],
  ['never', REGRESSED, true, true, 'skip'],
];

describe('commentAction', () => {
  it.each(TABLE)(
    '%s, verdicts %j, gate fails %s, existing %s: %s',
    (mode, verdictKinds, gateFails, existing, expected) => {
      expect(commentAction({ mode, verdictKinds, gateFails, existing })).toBe(expected);
    },
  );
});

describe('parseCommentMode', () => {
  it('defaults to the fallback, or never when comment-on-pr is false', () => {
    expect(parseCommentMode('', 'comment', true, 'on-change')).toBe('on-change');
    expect(parseCommentMode(' ', 'comment', false, 'on-change')).toBe('never');
  });

  it('lets an explicit comment win over comment-on-pr', () => {
    expect(parseCommentMode('always', 'comment', false, 'on-change')).toBe('always');
    expect(parseCommentMode('On-Regression', 'comment', true, 'on-change')).toBe('on-regression');
  });

  it('refuses anything else, naming the choices', () => {
    expect(() => parseCommentMode('sometimes', 'comment', true, 'on-change')).toThrow(InputError);
    expect(() => parseCommentMode('sometimes', 'comment', true, 'on-change')).toThrow(
      'comment: "sometimes" is not one of always, on-change, on-regression, never',
    );
  });
});
