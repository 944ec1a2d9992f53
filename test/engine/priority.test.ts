import { MEASURE_NICENESS, raiseMeasurePriority, type PriorityControl } from '../../src/engine/priority.js';

function control(start: number, refuse?: string): PriorityControl & { now: () => number } {
  let niceness = start;
  return {
    now: () => niceness,
    get: () => niceness,
    set: (value) => {
      if (refuse) throw Object.assign(new Error('denied'), { code: refuse });
      niceness = value;
    },
  };
}

describe('raiseMeasurePriority', () => {
  it('raises a default-priority run ahead of other work', () => {
    const c = control(0);
    expect(raiseMeasurePriority(c)).toBe(
      `priority: nice ${MEASURE_NICENESS} for QEMU and iperf3 (was 0): other work on the host goes behind them`,
    );
    expect(c.now()).toBe(MEASURE_NICENESS);
  });

  it('never lowers a priority that is already higher', () => {
    const c = control(-15);
    expect(raiseMeasurePriority(c)).toMatch(/^priority: nice -15 \(already/);
    expect(c.now()).toBe(-15);
  });

  it('goes on at its niceness, saying so, without the privilege', () => {
    const c = control(0, 'EACCES');
    expect(raiseMeasurePriority(c)).toBe(
      'priority: left at nice 0 (EACCES): other work on the host competes with the guests on equal terms',
    );
    expect(c.now()).toBe(0);
  });
});
