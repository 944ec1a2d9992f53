// SIGINT and SIGTERM during a run: the owner tears down, then the process exits 130 or 143
// (128 + signal number, as a shell reports a process killed by it).

export type TerminationSignal = 'SIGINT' | 'SIGTERM';

export const SIGNAL_EXIT_CODES: Readonly<Record<TerminationSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** The part of `process` this needs; a test passes an EventEmitter. */
export interface SignalSource {
  once(event: TerminationSignal, listener: () => void): unknown;
  removeListener(event: TerminationSignal, listener: () => void): unknown;
}

/**
 * Calls `handler` at the first SIGINT and at the first SIGTERM (a second one of the same kind
 * gets Node's default: the process ends at once). Returns a function that stops listening.
 */
export function onTermination(
  handler: (signal: TerminationSignal) => void,
  source: SignalSource = process,
): () => void {
  const listeners = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const listener = (): void => handler(signal);
    source.once(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) source.removeListener(signal, listener);
  };
}
