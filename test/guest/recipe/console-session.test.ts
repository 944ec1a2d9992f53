// The console session against a guest console played from the recipes' transcripts on a real unix
// socket: what it types and at what pace, each step's clock, a failure or a closed console naming
// its step, and the connection made once QEMU's socket appears.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FREEBSD_RECIPE } from '../../../src/guest/freebsd/prepare-recipe.js';
import { NETBSD_RECIPE } from '../../../src/guest/netbsd/prepare-recipe.js';
import {
  connectConsole,
  ConsoleStepError,
  runConsoleDialogue,
  type ConsoleLink,
} from '../../../src/guest/recipe/console-session.js';
import type { ImageRecipe } from '../../../src/guest/recipe/recipe.js';
import { firstTurns, serveTranscript, type ConsolePeer } from './console-peer.js';
import { readTranscript, TEST_KEY } from './replay.js';

let dir: string;
let peer: ConsolePeer | undefined;
let link: ConsoleLink | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-console-'));
});
afterEach(async () => {
  link?.close();
  await peer?.close();
  peer = undefined;
  link = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** The recipe with every step's time limit `ms`. */
const hurried = (recipe: ImageRecipe, ms: number): ImageRecipe => ({
  ...recipe,
  console: recipe.console.map((step) => ({ ...step, timeoutMs: ms })),
});

async function session(name: string, recipe: ImageRecipe, turns?: number) {
  const path = join(dir, 'console.sock');
  const transcript = readTranscript(name);
  peer = await serveTranscript(path, turns === undefined ? transcript : firstTurns(transcript, turns));
  link = await connectConsole(path, { timeoutMs: 2000, gone: () => undefined });
  const typedSteps: string[] = [];
  const run = runConsoleDialogue(recipe, TEST_KEY, link, {
    typingDelayMs: 2,
    onTyped: (step) => typedSteps.push(step),
  });
  return { run, typedSteps, peer };
}

describe('the console session', () => {
  it('FreeBSD BASIC-CI: logs in as root, types the key, restarts sshd, and says what each key was for', async () => {
    const { run, typedSteps, peer } = await session('freebsd-basic-ci.txt', FREEBSD_RECIPE);
    await expect(run).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(typedSteps).toEqual(['boot', 'login', 'ssh']);
    expect(peer.typed[0]).toBe('root\r');
    expect(peer.typed[1]).toContain(`echo '${TEST_KEY}' >> authorized_keys`);
    expect(peer.typed[2]).toContain('service sshd restart');
  });

  it('NetBSD live image: stops the menu, drops to the prompt by its number, moves the console, logs in', async () => {
    const { run, typedSteps, peer } = await session('netbsd-live.txt', NETBSD_RECIPE);
    await expect(run).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(typedSteps).toEqual(['boot', 'boot', 'boot', 'boot', 'boot', 'login', 'ssh']);
    expect(peer.typed.slice(0, 5)).toEqual([' ', '5\r', 'consdev com0\r', 'boot\r', 'root\r']);
  });

  it('types one character at a time, with a pause between them', async () => {
    const path = join(dir, 'console.sock');
    peer = await serveTranscript(path, firstTurns(readTranscript('freebsd-basic-ci.txt'), 2));
    link = await connectConsole(path, { timeoutMs: 2000, gone: () => undefined });
    const run = runConsoleDialogue(hurried(FREEBSD_RECIPE, 5000), TEST_KEY, link, { typingDelayMs: 25 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    // 'root\r' is five keys, four pauses of 25 ms between them (chunks may coalesce on the way).
    const first = peer.arrivals[0]!;
    const last = peer.arrivals.find((a) => a.text.endsWith('\r'))!;
    expect(peer.arrivals.map((a) => a.text).join('')).toMatch(/^root\r/);
    expect(last.at - first.at).toBeGreaterThanOrEqual(75);
    link.close();
    await expect(run).rejects.toThrow(ConsoleStepError);
  });

  it("times out naming the step that waited, with the console's last lines", async () => {
    // The guest prints the login prompt and nothing after root is typed.
    const { run } = await session('freebsd-basic-ci.txt', hurried(FREEBSD_RECIPE, 300), 1);
    const error: ConsoleStepError = await run.then(
      () => Promise.reject(new Error('resolved')),
      (e: ConsoleStepError) => e,
    );
    expect(error).toBeInstanceOf(ConsoleStepError);
    expect(error.step).toBe('login');
    expect(error.message).toMatch(/^the console did not show root's shell prompt within 0 s; /);
    expect(error.message).toContain('the guest console ended with:');
    expect(error.message).toContain('login:');
  });

  it('a failure the console shows names its step (root asks for a password)', async () => {
    const { run } = await session('freebsd-login-refused.txt', FREEBSD_RECIPE);
    await expect(run).rejects.toMatchObject({
      step: 'login',
      message: expect.stringMatching(/^root asks for a password on the serial console/),
    });
  });

  it('a kernel panic fails the boot step (NetBSD)', async () => {
    const { run } = await session('netbsd-panic.txt', NETBSD_RECIPE);
    await expect(run).rejects.toMatchObject({ step: 'boot', message: expect.stringMatching(/panicked/) });
  });

  it('a console that closes (QEMU ended) fails the awaited step', async () => {
    const { run, peer } = await session('freebsd-basic-ci.txt', FREEBSD_RECIPE, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await peer.close();
    await expect(run).rejects.toMatchObject({
      step: 'login',
      message: expect.stringMatching(
        /^the guest console closed \(QEMU ended\) while awaiting root's shell prompt/,
      ),
    });
  });
});

describe('connectConsole', () => {
  it('waits for the socket QEMU makes as it starts', async () => {
    const path = join(dir, 'console.sock');
    const connecting = connectConsole(path, { timeoutMs: 5000, gone: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 150));
    peer = await serveTranscript(path, { source: '', turns: ['login: '] });
    link = await connecting;
    const text = await new Promise<string>((resolve) => link!.onData(resolve));
    expect(text).toBe('login: ');
  });

  it('gives up when QEMU ended, or when no socket appears in time, as the boot step', async () => {
    const path = join(dir, 'console.sock');
    await expect(
      connectConsole(path, { timeoutMs: 5000, gone: () => 'exited with 1' }),
    ).rejects.toMatchObject({
      step: 'boot',
      message: 'QEMU ended before its console could be reached: exited with 1',
    });
    await expect(connectConsole(path, { timeoutMs: 100, gone: () => undefined })).rejects.toMatchObject({
      step: 'boot',
      message: expect.stringMatching(/^the guest console socket did not open within 0 s \(connect ENOENT/),
    });
  });
});
