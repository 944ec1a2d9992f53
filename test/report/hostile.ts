// Text a fork's artifact can carry, and the check that printed output is inert: no line a runner
// would read as a workflow command, no control character a terminal would act on.

/** A line break followed by workflow commands, an escape sequence, separators and a bidi override. */
export const HOSTILE =
  'timed out\n::error title=pwned::injected\r::add-mask::secret\u2028::warning::x\u0085::debug::y\u001b[2J\u202edesrever\u0000';

/** Line starts the runner would take for a command: it trims leading whitespace first. */
export function commandLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trimStart().startsWith('::'));
}

/** Anything but the line feeds that separate the lines. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
