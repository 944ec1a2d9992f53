// `nicgate plan --base-ref REF` shows the design a paired run would judge with.
import { runCommandLine } from '../../src/cli/main.js';
import { capture } from './capture-io.js';

const LAN = ['--nic', 'virtio-net-pci', '--profile', 'stock', '--link', 'lan'];

describe('nicgate plan with --base-ref', () => {
  it('shows sequential looks by default: the first look and the cap', async () => {
    const io = capture();
    expect(await runCommandLine(['plan', ...LAN, '--base-ref', 'main'], io)).toBe(0);
    // A paired run's shorter repetitions.
    expect(io.stdout).toMatch(/^nicgate plan: 1 scenario\(s\), 5 repetition\(s\) of 2 s/);
    expect(io.stdout).toContain('paired:   main against the working tree');
    expect(io.stdout).toContain(
      '          sequential: looked after every pair from 3, at most 12 pairs per changed scenario,',
    );
  });

  it('shows the fixed design with --sequential off, and the cap --pairs gives', async () => {
    const io = capture();
    const args = ['plan', ...LAN, '--base-ref', 'main', '--sequential', 'off', '--pairs', '10'];
    expect(await runCommandLine(args, io)).toBe(0);
    expect(io.stdout).toContain('          fixed design: 10 pairs per changed scenario');
  });

  it('says nothing of pairs without --base-ref', async () => {
    const io = capture();
    expect(await runCommandLine(['plan', ...LAN], io)).toBe(0);
    expect(io.stdout).not.toContain('paired:');
  });

  it.each([
    [
      ['--base-ref', 'main', '--sequential', 'maybe'],
      '--sequential: "maybe" is not on or off (true or false)',
    ],
    [['--sequential', 'off'], '--sequential: "off" needs --base-ref'],
  ])('refuses bad input with exit 2: %j', async (args, message) => {
    const io = capture();
    expect(await runCommandLine(['plan', ...LAN, ...args], io)).toBe(2);
    expect(io.stderr).toContain(message);
  });
});
