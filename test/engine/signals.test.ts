import { EventEmitter } from 'node:events';
import { onTermination, SIGNAL_EXIT_CODES, type TerminationSignal } from '../../src/engine/signals.js';

describe('onTermination', () => {
  it('hands the handler the signal, once per kind', () => {
    const source = new EventEmitter();
    const seen: TerminationSignal[] = [];
    onTermination((signal) => seen.push(signal), source);
    source.emit('SIGTERM');
    source.emit('SIGTERM');
    source.emit('SIGINT');
    source.emit('SIGHUP');
    expect(seen).toEqual(['SIGTERM', 'SIGINT', 'SIGHUP']);
    expect(
      source.listenerCount('SIGINT') + source.listenerCount('SIGTERM') + source.listenerCount('SIGHUP'),
    ).toBe(0);
  });

  it('stops listening when released', () => {
    const source = new EventEmitter();
    const seen: TerminationSignal[] = [];
    const release = onTermination((signal) => seen.push(signal), source);
    expect(source.listenerCount('SIGINT')).toBe(1);
    release();
    source.emit('SIGINT');
    source.emit('SIGHUP');
    expect(seen).toEqual([]);
    expect(
      source.listenerCount('SIGINT') + source.listenerCount('SIGTERM') + source.listenerCount('SIGHUP'),
    ).toBe(0);
  });

  it('exits 130 on SIGINT, 143 on SIGTERM and 129 on SIGHUP (128 + the number), as a shell reports them', () => {
    expect(SIGNAL_EXIT_CODES).toEqual({ SIGHUP: 129, SIGINT: 130, SIGTERM: 143 });
  });
});
