import {
  allowedCores,
  choosePinning,
  parseCpuList,
  peerPrefix,
  pinQemu,
  threadNames,
  type ThreadName,
} from '../../src/engine/pinning.js';
import { fakeExec } from '../proc/fakes.js';

describe('choosePinning', () => {
  it('pins nothing with fewer than two cores', () => {
    expect(choosePinning([])).toBeUndefined();
    expect(choosePinning([3])).toBeUndefined();
  });

  it('puts the vCPU on the last core and everything else on the others', () => {
    expect(choosePinning([0, 1])).toEqual({
      vcpuCores: '1',
      otherCores: '0',
      description: 'vCPU on core 1, QEMU I/O and host iperf3 peer on core(s) 0',
    });
    expect(choosePinning([0, 2, 3, 7])).toMatchObject({ vcpuCores: '7', otherCores: '0,2,3' });
  });
});

describe('parseCpuList', () => {
  it('reads ranges and single cores', () => {
    expect(parseCpuList('0-1')).toEqual([0, 1]);
    expect(parseCpuList('0,2-3')).toEqual([0, 2, 3]);
    expect(parseCpuList('5')).toEqual([5]);
    expect(parseCpuList('0-3,8-9\n')).toEqual([0, 1, 2, 3, 8, 9]);
  });

  // Number('') is 0: an empty part once read as a phantom core 0.
  it('gives no cores for an empty list', () => {
    expect(parseCpuList('')).toEqual([]);
  });

  it('reads no phantom core 0 from an empty part', () => {
    expect(parseCpuList('2-3,')).toEqual([2, 3]);
  });
});

describe('allowedCores', () => {
  it('reads at least one core for this process', async () => {
    const cores = await allowedCores();
    expect(cores.length).toBeGreaterThan(0);
    expect(cores.every((core) => Number.isInteger(core) && core >= 0)).toBe(true);
  });
});

describe('pinQemu', () => {
  const pinning = choosePinning([0, 1, 2])!;
  const threads: ThreadName[] = [
    { tid: 500, name: 'qemu-system-x86' },
    { tid: 501, name: 'qemu-system-x86' },
    { tid: 502, name: 'CPU 0/TCG' },
    { tid: 503, name: 'IO mon_iothread' },
    { tid: 504, name: 'CPU 1/KVM' },
    { tid: 505, name: 'vnc_worker' },
    { tid: 506, name: 'CPU 0/TCG extra' },
    { tid: 507, name: 'xCPU 2/KVM' },
    { tid: 508, name: 'CPU x/TCG' },
    { tid: 509, name: 'CPU 12/HVF' },
  ];

  it('pins all threads to the other cores, then each vCPU thread to the vCPU core', async () => {
    const exec = fakeExec();
    const asked: number[] = [];
    const count = await pinQemu(500, pinning, exec, async (pid) => {
      asked.push(pid);
      return threads;
    });
    expect(count).toBe(2);
    expect(asked).toEqual([500]);
    expect(exec.calls.map((call) => call.argv)).toEqual([
      ['taskset', '--all-tasks', '--cpu-list', '--pid', '0,1', '500'],
      ['taskset', '--cpu-list', '--pid', '2', '502'],
      ['taskset', '--cpu-list', '--pid', '2', '504'],
    ]);
  });

  it('lists the threads after the whole process is pinned (so new threads inherit the other cores)', async () => {
    const order: string[] = [];
    const exec = fakeExec((argv) => {
      order.push(argv.join(' '));
      return {};
    });
    await pinQemu(77, pinning, exec, async () => {
      order.push('list');
      return [{ tid: 78, name: 'CPU 0/KVM' }];
    });
    expect(order).toEqual([
      'taskset --all-tasks --cpu-list --pid 0,1 77',
      'list',
      'taskset --cpu-list --pid 2 78',
    ]);
  });

  it('returns 0 and pins only the process when no thread is named like a vCPU', async () => {
    const exec = fakeExec();
    const count = await pinQemu(9, pinning, exec, async () => [{ tid: 9, name: 'qemu-system-x86' }]);
    expect(count).toBe(0);
    expect(exec.calls).toHaveLength(1);
  });

  it('passes an executor failure on', async () => {
    const exec = fakeExec(() => new Error('taskset: failed to set pid 9'));
    await expect(pinQemu(9, pinning, exec, async () => threads)).rejects.toThrow('taskset: failed');
  });
});

describe('peerPrefix', () => {
  it('runs the host peer on the other cores, or as it is without pinning', () => {
    expect(peerPrefix(choosePinning([0, 1, 2, 3]))).toEqual(['taskset', '--cpu-list', '0,1,2']);
    expect(peerPrefix(undefined)).toEqual([]);
  });
});

describe('threadNames', () => {
  it("reads this process's own threads from /proc", async () => {
    const threads = await threadNames(process.pid);
    expect(threads.some((t) => t.tid === process.pid)).toBe(true);
    expect(threads.every((t) => t.name.length > 0)).toBe(true);
  });

  it('gives no threads for a process that does not exist', async () => {
    expect(await threadNames(2 ** 30)).toEqual([]);
  });
});
