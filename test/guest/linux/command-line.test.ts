import { kernelCommandLine } from '../../../src/guest/linux/command-line.js';

describe('kernelCommandLine', () => {
  it('is the command line nicgate has always booted with', () => {
    expect(kernelCommandLine()).toEqual([
      'console=ttyS0',
      'quiet',
      'loglevel=3',
      'panic=-1',
      'rdinit=/init',
      'tsc=reliable',
      'mitigations=off',
    ]);
  });

  it('puts the console on ttyS0, runs /init from the initramfs and never reboots', () => {
    const words = kernelCommandLine();
    expect(words).toEqual(expect.arrayContaining(['console=ttyS0', 'rdinit=/init', 'panic=-1']));
    expect(words.every((word) => !/\s/.test(word))).toBe(true);
  });

  it('appends extra words at the end', () => {
    const words = kernelCommandLine(['nicgate.debug=1']);
    expect(words.at(-1)).toBe('nicgate.debug=1');
    expect(words).toContain('console=ttyS0');
  });
});
