// `comment`: when the sticky pull-request comment is created or updated. Pure. A comment that
// exists is never left stale (it is updated whenever one may be posted at all); the modes differ
// only in when a new one is worth a notification.
import { InputError } from '../common/errors.js';
import type { VerdictKind } from '../model/verdicts.js';

export const COMMENT_MODES = ['always', 'on-change', 'on-regression', 'never'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

export type CommentAction = 'create' | 'update' | 'skip';

export interface CommentSituation {
  mode: CommentMode;
  /** Every scenario's verdict kind; empty when nothing was judged. */
  verdictKinds: readonly VerdictKind[];
  /** The gate fails this job. */
  gateFails: boolean;
  /** The pull request already has this report's comment (from an earlier push). */
  existing: boolean;
}

/** Every scenario's inputs were unchanged, so nothing was measured. */
function nothingMeasured(kinds: readonly VerdictKind[]): boolean {
  return kinds.length > 0 && kinds.every((kind) => kind === 'inputs-unchanged');
}

function worthNewComment({ mode, verdictKinds, gateFails }: CommentSituation): boolean {
  switch (mode) {
    case 'always':
      return true;
    case 'on-change':
      return !nothingMeasured(verdictKinds);
    case 'on-regression':
      return gateFails || verdictKinds.includes('regression');
    case 'never':
      return false;
  }
}

export function commentAction(situation: CommentSituation): CommentAction {
  if (situation.mode === 'never') return 'skip';
  if (situation.existing) return 'update';
  return worthNewComment(situation) ? 'create' : 'skip';
}

/**
 * An explicit `comment` wins; otherwise `comment-on-pr: false` means `never`, and anything else
 * the default.
 */
export function parseCommentMode(
  value: string,
  input: string,
  commentOnPr: boolean,
  fallback: CommentMode,
): CommentMode {
  const text = value.trim().toLowerCase();
  if (text === '') return commentOnPr ? fallback : 'never';
  if (!(COMMENT_MODES as readonly string[]).includes(text))
    throw new InputError(input, value, `is not one of ${COMMENT_MODES.join(', ')}`);
  return text as CommentMode;
}
