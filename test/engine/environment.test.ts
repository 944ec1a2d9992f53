import { cpuModel } from '../../src/engine/environment.js';

const cpuinfo = [
  'processor\t: 0',
  'vendor_id\t: GenuineIntel',
  'cpu family\t: 6',
  'model\t\t: 85',
  'model name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz',
  'stepping\t: 7',
  'flags\t\t: fpu vme de pse tsc msr',
  '',
  'processor\t: 1',
  'vendor_id\t: GenuineIntel',
  'model\t\t: 85',
  'model name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz',
  '',
].join('\n');

describe('cpuModel', () => {
  it('reads the first model name, not the numeric model', () => {
    expect(cpuModel(cpuinfo)).toBe('Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz');
  });

  it('trims trailing whitespace', () => {
    expect(cpuModel('model name\t: AMD EPYC 7763 64-Core Processor   \n')).toBe(
      'AMD EPYC 7763 64-Core Processor',
    );
  });

  it('is "unknown" without a model name line', () => {
    expect(cpuModel('')).toBe('unknown');
    expect(cpuModel('processor\t: 0\nmodel\t\t: 85\nCPU part\t: 0xd0c\n')).toBe('unknown');
  });
});
