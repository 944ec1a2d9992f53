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
    super(`${input}: ${JSON.stringify(value)} ${reason}`, options);
  }
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
  ) {
    super(`${what} did not finish within ${Math.round(limitMs / 1000)} s`);
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
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(source, '', reason, options);
    this.message = `${source}: ${reason}`;
  }
}
