// The post step's console tails: the guest's own text, so never a workflow command or an escape.
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { post } from '../../src/action/post.js';
import { CONSOLE_LOG, consoleLogPatterns } from '../../src/action/console-logs.js';

let workDir: string;
let output: string[];

beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'nicgate-post-'));
  output = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  process.env['STATE_nicgate-work-dir'] = workDir;
  delete process.env['STATE_nicgate-state-dir'];
});

afterEach(() => {
  jest.restoreAllMocks();
  delete process.env['STATE_nicgate-work-dir'];
  rmSync(workDir, { recursive: true, force: true });
});

describe('the post step', () => {
  it("prints each console's last lines with workflow commands stopped and control characters escaped", async () => {
    writeFileSync(
      join(workDir, 'console-0.log'),
      'booting\n::error::forged by the guest\n\u001b[31mred\u001b[0m\n',
    );
    writeFileSync(join(workDir, 'prepare-console.log'), '::add-mask::secret\n');
    writeFileSync(join(workDir, 'results.json'), '::error::not a console log\n');
    await post();
    const lines = output.join('').split('\n');
    const stops = lines.filter((line) => line.startsWith('::stop-commands::'));
    expect(stops).toHaveLength(2);
    for (const stop of stops) {
      const token = stop.slice('::stop-commands::'.length);
      expect(token).toMatch(/^nicgate-[0-9a-f]{32}$/);
      expect(lines).toContain(`::${token}::`);
    }
    // Every line that starts with `::` is one of ours: the forged ones sit between a stop and its end.
    const forged = lines.findIndex((line) => line === '::error::forged by the guest');
    const stopAt = lines.indexOf(stops[0]!);
    const endAt = lines.indexOf(`::${stops[0]!.slice('::stop-commands::'.length)}::`);
    expect(stopAt).toBeLessThan(forged);
    expect(forged).toBeLessThan(endAt);
    expect(output.join('')).not.toContain('\u001b');
    expect(output.join('')).toContain('\\x1b[31mred');
    expect(output.join('')).not.toContain('not a console log');
  });
});

describe('console logs', () => {
  it('names the boot consoles and the prepare console, nothing else', () => {
    expect(
      ['console-0.log', 'console-12.log', 'prepare-console.log'].every((name) => CONSOLE_LOG.test(name)),
    ).toBe(true);
    expect(
      ['console-x.log', 'results.json', 'console-0.log.bak'].some((name) => CONSOLE_LOG.test(name)),
    ).toBe(false);
    expect(consoleLogPatterns('/w/run').split('\n')).toEqual([
      '/w/run/console-*.log',
      '/w/run/prepare-console.log',
    ]);
  });
});
