import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnProcess, type ProcessExit } from '../../src/proc/spawn.js';

function ended(child: ReturnType<typeof spawnProcess>): Promise<ProcessExit> {
  return new Promise((resolve) => child.onExit(resolve));
}

describe('spawnProcess', () => {
  it('hands out standard output line by line, standard error as text, and one exit', async () => {
    // The child writes the rest of "two" only once the first line has arrived here, so the line
    // is split across two reads however busy the machine is.
    const dir = mkdtempSync(join(tmpdir(), 'nicgate-spawn-'));
    const go = join(dir, 'go');
    const child = spawnProcess([
      process.execPath,
      '-e',
      `process.stdout.write("one\\ntw");
      const rest = setInterval(() => {
        if (!require("fs").existsSync(${JSON.stringify(go)})) return;
        clearInterval(rest);
        process.stdout.write("o\\nrest");
        console.error("bad");
      }, 2);`,
    ]);
    try {
      const lines: string[] = [];
      let stderr = '';
      child.onLine((line) => {
        lines.push(line);
        if (line === 'one') writeFileSync(go, '');
      });
      child.onStderr((text) => (stderr += text));
      expect(child.pid).toEqual(expect.any(Number));
      expect(await ended(child)).toEqual({ code: 0, signal: null });
      expect(lines).toEqual(['one', 'two']);
      expect(stderr).toBe('bad\n');
    } finally {
      // A child still waiting (this test failed) must not outlive it.
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the signal that ended the process', async () => {
    const child = spawnProcess([process.execPath, '-e', 'setTimeout(() => {}, 10000)']);
    child.kill('SIGTERM');
    expect(await ended(child)).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('reports a process that cannot start as an exit, with the reason on standard error', async () => {
    const child = spawnProcess(['/nonexistent/nicgate-test-qemu']);
    let stderr = '';
    child.onStderr((text) => (stderr += text));
    expect(await ended(child)).toEqual({ code: null, signal: null });
    expect(stderr).toContain('ENOENT');
    // A listener added after the end still hears of it.
    await expect(ended(child)).resolves.toEqual({ code: null, signal: null });
  });

  it('starts QEMU without our tokens or action inputs', async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = 'secret';
    process.env['INPUT_GITHUB-TOKEN'] = 'ghp_secret';
    try {
      const child = spawnProcess([
        process.execPath,
        '-e',
        'console.log(Object.keys(process.env).filter((k) => /TOKEN/.test(k)).join(",") || "none")',
      ]);
      const lines: string[] = [];
      child.onLine((line) => lines.push(line));
      await ended(child);
      expect(lines).toEqual(['none']);
    } finally {
      delete process.env.ACTIONS_RUNTIME_TOKEN;
      delete process.env['INPUT_GITHUB-TOKEN'];
    }
  });
});
