import type { EngineEvent } from '../../src/engine/events.js';
import { pairsFor } from '../../src/gate/paired-design.js';
import { decidePaired } from '../../src/verdicts/paired.js';

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

describe('a large change that every pair agrees on', () => {
  // Issue 26: the design must always leave enough pairs to call it, whatever the matrix's size.
  it('is a regression in every scenario of a matrix of 1 to 16 changed scenarios at the pairs the gate asks for', () => {
    for (let scenarios = 1; scenarios <= 16; scenarios++) {
      const pairs = pairsFor({ pairs: 8, alpha: 0.01 }, scenarios, () => undefined);
      const matrix = Array.from({ length: scenarios }, (_, s) => ({
        key: `linux/e1000/p${s}/rtt50ms/send`,
        base: Array.from({ length: pairs }, (_, i) => 400e6 + i * 1e6),
        head: Array.from({ length: pairs }, (_, i) => 4e6 + ((i * 7) % 5) * 1e5),
      }));
      const kinds = decidePaired(matrix, { threshold: 0.04, alpha: 0.01 }).map((v) => v.kind);
      expect([scenarios, new Set(kinds)]).toEqual([scenarios, new Set(['regression'])]);
    }
  });
});
