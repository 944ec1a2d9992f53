import { ACTION_MODES, MODE_STEPS } from '../../src/action/modes.js';
import { infoWriter, printUntrusted, readsFiles } from '../../src/action/untrusted.js';

function printed(text: string): string[] {
  const lines: string[] = [];
  printUntrusted(text, (line) => lines.push(line));
  return lines;
}

describe('printUntrusted', () => {
  it('stops workflow commands around the text and resumes them with the same token', () => {
    const lines = printed('table\n::error::from a file');
    expect(lines).toHaveLength(3);
    const token = /^::stop-commands::(nicgate-[0-9a-f]{32})$/.exec(lines[0]!)?.[1];
    expect(token).toBeDefined();
    expect(lines[1]).toBe('table\n::error::from a file');
    expect(lines[2]).toBe(`::${token}::`);
  });

  it('draws a fresh token every time, so no file can know it', () => {
    const tokens = new Set(Array.from({ length: 20 }, () => printed('x')[0]));
    expect(tokens.size).toBe(20);
  });
});

describe('infoWriter', () => {
  it('stops commands in the modes that print files, aggregate and comment', () => {
    expect(ACTION_MODES.filter((mode) => readsFiles(MODE_STEPS[mode]))).toEqual(['aggregate', 'comment']);
    const lines: string[] = [];
    infoWriter(MODE_STEPS.comment, (line) => lines.push(line))('table');
    expect(lines[0]).toMatch(/^::stop-commands::/);
    expect(lines[1]).toBe('table');
  });

  it('prints as it is where nicgate measured the figures itself', () => {
    const lines: string[] = [];
    infoWriter(MODE_STEPS.auto, (line) => lines.push(line))('table');
    expect(lines).toEqual(['table']);
  });
});
