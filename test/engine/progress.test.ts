import {
  bootDone,
  bootStarted,
  estimateRemaining,
  etaSeconds,
  repetitionDone,
  repetitionsSkipped,
  startProgress,
} from '../../src/engine/progress.js';

describe('estimateRemaining', () => {
  it('adds boots and repetitions at the pace seen, in whole seconds', () => {
    expect(estimateRemaining({ boots: 2, repetitions: 5 }, { bootSec: 3.2, repetitionSec: 6.1 })).toBe(37);
    expect(estimateRemaining({ boots: 0, repetitions: 3 }, { bootSec: 100, repetitionSec: 0.4 })).toBe(1);
    expect(estimateRemaining({ boots: 1, repetitions: 0 }, { bootSec: 2.5, repetitionSec: 99 })).toBe(3);
  });

  it('is zero when nothing is left', () => {
    expect(estimateRemaining({ boots: 0, repetitions: 0 }, { bootSec: 3, repetitionSec: 6 })).toBe(0);
  });
});

describe('startProgress', () => {
  const plan = { boots: 3, repetitions: 12, durationSec: 5, omitSec: 1 };

  it('guesses 4 s a boot under TCG, 2 s under KVM, and traffic plus 1 s a repetition', () => {
    expect(startProgress({ ...plan, accel: 'tcg' }).pace).toEqual({ bootSec: 4, repetitionSec: 7 });
    expect(startProgress({ ...plan, accel: 'kvm' }).pace).toEqual({ bootSec: 2, repetitionSec: 7 });
  });

  it('counts everything as left', () => {
    const progress = startProgress({ ...plan, accel: 'tcg' });
    expect([progress.bootsLeft, progress.repetitionsLeft]).toEqual([3, 12]);
    expect(etaSeconds(progress)).toBe(3 * 4 + 12 * 7);
  });
});

describe('progress steps', () => {
  const start = startProgress({ boots: 2, repetitions: 4, durationSec: 5, omitSec: 1, accel: 'tcg' });

  it('a started boot is no longer left, whether or not it works', () => {
    const progress = bootStarted(start);
    expect(progress.bootsLeft).toBe(1);
    expect(progress.pace).toEqual(start.pace);
    expect(etaSeconds(progress)).toBe(4 + 4 * 7);
  });

  it('takes the average of the boots seen as the boot pace', () => {
    const progress = bootDone(bootDone(bootStarted(start), 3), 5);
    expect(progress.pace.bootSec).toBe(4);
    expect(bootDone(start, 2.5).pace.bootSec).toBe(2.5);
    expect(progress.seen).toMatchObject({ boots: 2, bootSec: 8 });
  });

  it('takes the average of the repetitions seen as the repetition pace, and counts them down', () => {
    const progress = repetitionDone(repetitionDone(start, 10), 6);
    expect(progress.repetitionsLeft).toBe(2);
    expect(progress.pace.repetitionSec).toBe(8);
    expect(etaSeconds(progress)).toBe(2 * 4 + 2 * 8);
  });

  it('drops the repetitions of a guest that never came up', () => {
    const progress = repetitionsSkipped(bootStarted(start), 2);
    expect(progress.repetitionsLeft).toBe(2);
    expect(etaSeconds(progress)).toBe(4 + 2 * 7);
  });

  it('never changes the state it was given', () => {
    const before = JSON.stringify(start);
    repetitionDone(bootDone(bootStarted(start), 9), 9);
    repetitionsSkipped(start, 3);
    expect(JSON.stringify(start)).toBe(before);
  });

  it('reaches zero when everything ran', () => {
    let progress = start;
    for (let boot = 0; boot < 2; boot++) {
      progress = bootDone(bootStarted(progress), 3);
      for (let rep = 0; rep < 2; rep++) progress = repetitionDone(progress, 6);
    }
    expect(progress.bootsLeft).toBe(0);
    expect(progress.repetitionsLeft).toBe(0);
    expect(etaSeconds(progress)).toBe(0);
  });
});
