import { readFileSync } from 'node:fs';
import { RunError } from '../../src/common/errors.js';
import { parsePingOutput, PingOutputError } from '../../src/ping/output.js';

// Recorded and hand-made fixtures: fixtures/ping/README.md says which is which.
function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/ping/${name}.txt`, import.meta.url), 'utf8');
}

describe('parsePingOutput', () => {
  it('reads each reply with its arrival time, and the statistics', () => {
    const output = parsePingOutput(fixture('loopback-count10'));
    expect(output.replies).toHaveLength(10);
    expect(output.replies[0]).toEqual({
      sequence: 1,
      rttMs: 0.076,
      timestampSec: 1796668366.695412,
      duplicate: false,
    });
    expect(output.replies.map((reply) => reply.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(output.statistics).toEqual({ transmitted: 10, received: 10, duplicates: 0, errors: 0 });
    expect(output.errorLines).toBe(0);
    expect(output.truncated).toBe(false);
  });

  it('reads output without -D, leaving the arrival time out', () => {
    const output = parsePingOutput(fixture('loopback-no-timestamps'));
    expect(output.replies).toHaveLength(10);
    expect(output.replies[2]).toEqual({ sequence: 3, rttMs: 0.078, duplicate: false });
  });

  it('reads a sampler stopped by SIGINT, which prints its statistics', () => {
    const output = parsePingOutput(fixture('loopback-sigint'));
    expect(output.replies).toHaveLength(6);
    expect(output.statistics).toEqual({ transmitted: 6, received: 6, duplicates: 0, errors: 0 });
  });

  it('reads a sampler killed by SIGTERM, which prints none', () => {
    const output = parsePingOutput(fixture('loopback-sigterm'));
    expect(output.replies).toHaveLength(6);
    expect(output).not.toHaveProperty('statistics');
    expect(output.truncated).toBe(false);
  });

  it('drops a last line cut short, and says so', () => {
    const output = parsePingOutput(fixture('handmade-truncated'));
    expect(output.replies.map((reply) => reply.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(output.truncated).toBe(true);
  });

  it('reads a guest that never answered', () => {
    const output = parsePingOutput(fixture('handmade-no-reply'));
    expect(output.replies).toEqual([]);
    expect(output.statistics).toEqual({ transmitted: 5, received: 0, duplicates: 0, errors: 0 });
  });

  it('marks duplicates, counts error lines, skips corrupted replies and other lines', () => {
    const output = parsePingOutput(fixture('handmade-duplicates-errors'));
    expect(output.replies.map(({ sequence, rttMs, duplicate }) => [sequence, rttMs, duplicate])).toEqual([
      [1, 101, false],
      [2, 12.4, false],
      [2, 12.9, true],
      [4, 3.07, false],
      [7, 250, false],
      [7, 251, true],
    ]);
    expect(output.errorLines).toBe(1);
    expect(output.statistics).toEqual({ transmitted: 7, received: 4, duplicates: 2, errors: 1 });
  });

  it.each([
    ['nothing at all', ''],
    ['a start-up error', 'ping: connect: Network is unreachable\n'],
    ['a reply without the PING line', '64 bytes from 198.18.0.2: icmp_seq=1 ttl=64 time=0.1 ms\n'],
  ])('refuses output that is not a sampler run: %s', (_, text) => {
    expect(() => parsePingOutput(text)).toThrow(PingOutputError);
    expect(() => parsePingOutput(text)).toThrow(RunError);
    expect(() => parsePingOutput(text)).toThrow('ping printed no PING line');
  });

  it('accepts a PING line cut short: ping started, then was killed', () => {
    expect(parsePingOutput('PING 198.18.0.2 (198.18')).toEqual({
      replies: [],
      errorLines: 0,
      truncated: true,
    });
  });
});
