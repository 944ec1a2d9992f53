import type { EngineEvent } from '../../src/engine/events.js';
import { pairsFor } from '../../src/gate/paired-gate.js';

describe('pairsFor', () => {
  const collect = () => {
    const events: EngineEvent[] = [];
    return { events, emit: (e: EngineEvent) => void events.push(e) };
  };

  it('keeps the asked-for pairs where they can reach alpha after Holm', () => {
    const { events, emit } = collect();
    expect(pairsFor({ pairs: 8, alpha: 0.01 }, 2, emit)).toBe(8);
    expect(pairsFor({ pairs: 8, alpha: 0.01 }, 0, emit)).toBe(8);
    expect(events).toEqual([]);
  });

  it('raises them, with a warning, where the matrix needs more (4 scenarios: 4 x 2^-8 > 0.01)', () => {
    const { events, emit } = collect();
    expect(pairsFor({ pairs: 8, alpha: 0.01 }, 4, emit)).toBe(9);
    expect(events).toEqual([
      {
        type: 'warning',
        message: '8 pairs cannot reach p < 0.01 over 4 scenarios (Holm); measuring 9 pairs each',
      },
    ]);
    expect(pairsFor({ pairs: 3, alpha: 0.01 }, 1, emit)).toBe(7);
  });
});
