import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleSummary, readConsole } from '../../src/guest/console-log.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/console');
const recorded = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

describe('readConsole', () => {
  it('finds a kernel panic and keeps the last lines, cleaned', () => {
    const text =
      'booting\r\n\u001b[0;32mOK\u001b[0m\r\n[    1.2] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\r\n[    1.3] ---[ end Kernel panic ]---\r\n';
    expect(readConsole(text, 2)).toEqual({
      problem: 'kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)',
      tail: [
        '[    1.2] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
        '[    1.3] ---[ end Kernel panic ]---',
      ],
    });
  });

  it('finds a BSD panic at the start of a line, and a firmware that started over', () => {
    expect(readConsole('Fatal trap 12\npanic: page fault\ncpuid = 0\n').problem).toBe('panic: page fault');
    expect(
      readConsole('SeaBIOS (version 1.16)\nBooting from Hard Disk...\nSeaBIOS (version 1.16)\n').problem,
    ).toBe('boot loop: the firmware started 2 times');
    expect(readConsole('a line that mentions a panic: in the middle\n').problem).toBeUndefined();
  });

  it('cuts long lines and strips control characters, so a message stays one readable line', () => {
    const { tail } = readConsole(`${'x'.repeat(300)}\u0007\n::error::planted\u0000\n`);
    expect(tail[0]).toBe(`${'x'.repeat(200)}…`);
    expect(tail[1]).toBe('::error::planted');
    expect(consoleSummary(readConsole(''))).toBe('');
    expect(consoleSummary(readConsole('one\ntwo\n'))).toBe('the guest console ended with: one | two');
  });

  const logs = readdirSync(FIXTURES).filter((name) => name.endsWith('.log'));

  it('has the recorded logs (a panic, a clean power-off)', () => {
    expect(logs).toEqual(['debian-12-boot.log', 'linux-no-root-panic.log']);
  });

  it.each(logs)('reads the recorded log %s', (name) => {
    const expected = JSON.parse(recorded(name.replace(/\.log$/, '.expected.json'))) as {
      problem?: string;
      last: string;
    };
    const finding = readConsole(recorded(name));
    expect(finding.problem).toBe(expected.problem);
    expect(finding.tail.at(-1)).toBe(expected.last);
  });
});
