// Typed errors. Each carries what the user needs to act; `cause` keeps the original.

/** Bad input from a flag, an action input or a file. Exit code 2; nothing has booted yet. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
  constructor(
    /** The input's name as the user wrote it: a flag, an action input or a file path. */
    readonly input: string,
    /** The offending value, quoted in the message. */
    readonly value: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${input}: ${quote(value)} ${reason}`, options);
  }
}

/** Longest quoted value, in characters, before it is cut: a 300 KB line must not become the message. */
const MAX_QUOTED_LENGTH = 120;

/**
 * A value as a message quotes it: in double quotes, control, invisible and bidi characters escaped
 * (`\n`, `\u0000`, `\u202e`), cut to MAX_QUOTED_LENGTH characters with `…` and the full length.
 */
export function quote(value: string): string {
  const chars = [...value];
  const shown = chars.length > MAX_QUOTED_LENGTH ? chars.slice(0, MAX_QUOTED_LENGTH).join('') : value;
  // JSON escapes C0 controls, quotes and backslashes; the rest is escaped by hand.
  const escaped = JSON.stringify(shown).replace(
    /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/gu,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return chars.length > MAX_QUOTED_LENGTH ? `${escaped}… (${chars.length} characters)` : escaped;
}

/** A failure while running: a guest that does not boot, iperf3 that cannot connect, a tool missing. Exit code 1. */
export class RunError extends Error {
  override readonly name: string = 'RunError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A step that took longer than its limit. */
export class TimeoutError extends RunError {
  override readonly name = 'TimeoutError';
  constructor(
    readonly what: string,
    readonly limitMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${what} did not finish within ${Math.round(limitMs / 1000)} s`, options);
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** The message to show a person: the error's own text and the chain of causes, never a stack. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  // Wrappers often repeat their cause's text; say each thing once.
  let text = '';
  for (const part of parts) if (!text.includes(part)) text = text ? `${text}: ${part}` : part;
  return text;
}

/**
 * A file nicgate reads (results, verdicts, baseline) that is not JSON, has a version this nicgate
 * does not read, or has the wrong shape. Bad input like any other: exit code 2.
 */
export class FileFormatError extends InputError {
  override readonly name = 'FileFormatError';
  constructor(
    /** Where the text came from: a path or a cache key. */
    readonly source: string,
    /** What is wrong with it, without the source: `is not valid JSON`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(source, '', reason, options);
    this.message = `${source}: ${reason}`;
  }
}
