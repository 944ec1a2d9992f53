// The side of a recipe's console dialogue that touches the world: connect to the guest's serial
// console (a unix socket QEMU serves in the run's 0700 scratch directory, qemu/argv.ts), hand
// every chunk it prints to console-dialogue.ts, type what the dialogue says one character every
// 10 ms (a BIOS keyboard buffer holds 15 keys; a getty reads as fast as a person types), and keep
// each step's clock. A failure names its step, with the console's last lines.
import { connect, type Socket } from 'node:net';
import { RunError } from '../../common/errors.js';
import { consoleSummary, readConsole } from '../console-log.js';
import {
  awaitedStep,
  feedConsole,
  openDialogue,
  stepTimedOut,
  type Dialogue,
  type DialogueAction,
} from './console-dialogue.js';
import type { ImageRecipe, PrepareStepName } from './recipe.js';

/** A console step that failed: the console showed a failure, stayed silent too long, or closed. */
export class ConsoleStepError extends RunError {
  override readonly name = 'ConsoleStepError';
  constructor(
    readonly step: PrepareStepName,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What the session needs of the console: its text as it comes, a way to type, its end. */
export interface ConsoleLink {
  onData(listener: (text: string) => void): void;
  onClose(listener: () => void): void;
  write(text: string): void;
  close(): void;
}

/** The pause between two typed characters. */
export const TYPING_DELAY_MS = 10;
/** How much of the console's end the session keeps for its messages. */
const TAIL_CHARS = 8192;

function linkOf(socket: Socket): ConsoleLink {
  socket.setEncoding('latin1');
  return {
    onData: (listener) => void socket.on('data', (chunk: string) => listener(chunk)),
    onClose: (listener) => void socket.on('close', () => listener()),
    write: (text) => void socket.write(text, 'latin1'),
    close: () => void socket.destroy(),
  };
}

/**
 * Connects to the console socket at `path`, trying again every 50 ms while it is not there yet
 * (QEMU makes it as it starts), until `gone()` says QEMU ended or `timeoutMs` passed.
 */
export async function connectConsole(
  path: string,
  options: { timeoutMs: number; gone: () => string | undefined },
): Promise<ConsoleLink> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    const ended = options.gone();
    if (ended !== undefined)
      throw new ConsoleStepError('boot', `QEMU ended before its console could be reached: ${ended}`);
    try {
      const socket = await new Promise<Socket>((resolve, reject) => {
        const socket = connect(path);
        socket.once('connect', () => {
          socket.removeAllListeners('error');
          socket.on('error', () => undefined);
          resolve(socket);
        });
        socket.once('error', reject);
      });
      return linkOf(socket);
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() >= deadline)
      throw new ConsoleStepError(
        'boot',
        `the guest console socket did not open within ${Math.round(options.timeoutMs / 1000)} s (${last})`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface SessionOptions {
  typingDelayMs?: number;
  /** Each typed text, as it is typed (prepare's progress; tests). */
  onTyped?: (step: PrepareStepName, text: string) => void;
}

/**
 * Runs `recipe`'s console dialogue on `link` until it is done; a ConsoleStepError when a step
 * fails, times out, or the console closes first. The link stays open (the caller closes it).
 */
export async function runConsoleDialogue(
  recipe: ImageRecipe,
  publicKey: string,
  link: ConsoleLink,
  options: SessionOptions = {},
): Promise<void> {
  const delay = options.typingDelayMs ?? TYPING_DELAY_MS;
  let dialogue: Dialogue = openDialogue(recipe, publicKey);
  let tail = '';
  let typing = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return await new Promise<void>((resolve, reject) => {
    let settled = false;
    const failWith = (step: PrepareStepName, reason: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const summary = consoleSummary(readConsole(tail, 8));
      reject(new ConsoleStepError(step, `${reason}${summary === '' ? '' : `; ${summary}`}`));
    };
    const typeSlowly = async (text: string): Promise<void> => {
      for (const character of text) {
        if (settled) return;
        link.write(character);
        await new Promise((done) => setTimeout(done, delay));
      }
    };
    const act = (action: DialogueAction): void => {
      if (action.kind === 'failed') return failWith(action.step, action.reason);
      if (action.kind === 'type') {
        const { step, text } = action;
        typing = typing.then(async () => {
          options.onTyped?.(step, text);
          await typeSlowly(text);
        });
        return;
      }
      void typing.then(() => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      });
    };
    // Each step's clock starts when it becomes the awaited one.
    const arm = (): void => {
      clearTimeout(timer);
      const step = awaitedStep(dialogue);
      if (step === undefined) return;
      timer = setTimeout(() => {
        const timedOut = stepTimedOut(dialogue);
        dialogue = timedOut.dialogue;
        act(timedOut.action);
      }, step.timeoutMs);
    };
    link.onData((chunk) => {
      if (settled) return;
      tail = (tail + chunk).slice(-TAIL_CHARS);
      const before = dialogue.index;
      const fed = feedConsole(dialogue, chunk);
      dialogue = fed.dialogue;
      for (const action of fed.actions) act(action);
      if (dialogue.index !== before) arm();
    });
    link.onClose(() => {
      const step = awaitedStep(dialogue);
      failWith(
        step?.step ?? 'boot',
        `the guest console closed (QEMU ended)${step === undefined ? '' : ` while awaiting ${step.awaiting}`}`,
      );
    });
    arm();
  });
}
