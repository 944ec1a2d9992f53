// The hidden marker that identifies a sticky comment: written first into the body by the report,
// searched for by the finder. One rule for both, so what is written is what is found.

const MARKER_PREFIX = 'nicgate-comment:';
const MAX_COMMENT_ID_LENGTH = 100;

/** The id as it appears in the marker: only [A-Za-z0-9._/-], no `--` (it could end the comment). */
function sanitizeCommentId(commentId: string): string {
  const clean = commentId
    .replace(/[^A-Za-z0-9._/-]/g, '_')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_COMMENT_ID_LENGTH);
  return clean === '' ? 'default' : clean;
}

/** `<!-- nicgate-comment:<id> -->`: finds this job's comment again on the next push. */
export function commentMarker(commentId: string): string {
  return `<!-- ${MARKER_PREFIX}${sanitizeCommentId(commentId)} -->`;
}

/**
 * Matches the marker on a line of its own: a marker quoted inside someone's sentence is not ours.
 * GitHub may hand bodies back with CRLF line ends.
 */
function markerPattern(marker: string): RegExp {
  const escaped = marker.trim().replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^[ \\t]*${escaped}[ \\t]*\\r?$`, 'm');
}

/** Whether `body` carries `marker` (as made by commentMarker) on a line of its own. */
export function hasMarker(body: string, marker: string): boolean {
  // An empty marker would match every blank line.
  if (marker.trim() === '') return false;
  return markerPattern(marker).test(body);
}
