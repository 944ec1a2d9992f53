// SIGINT, SIGTERM and SIGHUP during a run: the owner saves what was measured, tears down, then
// the process exits 128 + the signal's number (130, 143, 129), as a shell reports a process
// killed by it. SIGHUP (a closed terminal or SSH session) is a request to stop like SIGTERM.

export type TerminationSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

export const SIGNAL_EXIT_CODES: Readonly<Record<TerminationSignal, number>> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
};

const SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as TerminationSignal[];

/** The part of `process` this needs; a test passes an EventEmitter. */
export interface SignalSource {
  once(event: TerminationSignal, listener: () => void): unknown;
  removeListener(event: TerminationSignal, listener: () => void): unknown;
}

/**
 * Calls `handler` at the first of each of the signals (a second one of the same kind gets
 * Node's default: the process ends at once). Returns a function that stops listening.
 */
export function onTermination(
  handler: (signal: TerminationSignal) => void,
  source: SignalSource = process,
): () => void {
  const listeners = SIGNALS.map((signal) => {
    const listener = (): void => handler(signal);
    source.once(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) source.removeListener(signal, listener);
  };
}
