// Runs a recipe's console dialogue against the console text as it arrives: fed each chunk, it
// says what to type next, that a step failed (naming the step), or that the dialogue is done.
// Pure: the prepare boot reads the console, types (a character about every 10 ms, as a person
// would: a BIOS keyboard buffer holds 15 keys), and keeps the clock for each step's time limit.
import { cleanConsoleText } from '../console-log.js';
import { checkedEd25519PublicKey } from './public-key.js';
import type { ConsoleStep, ImageRecipe, PrepareStepName, TypingInput } from './recipe.js';

export type DialogueAction =
  | { kind: 'type'; step: PrepareStepName; text: string }
  | { kind: 'failed'; step: PrepareStepName; reason: string }
  | { kind: 'done' };

export interface Dialogue {
  readonly recipe: ImageRecipe;
  readonly input: TypingInput;
  /** The console step now awaited; `recipe.console.length` once done. */
  readonly index: number;
  /** Console text (cleaned) since the last match or the last keys typed. */
  readonly pending: string;
  /** The start of an escape sequence or a CR a chunk ended in, kept for the next chunk. */
  readonly carry: string;
  /** Set once the dialogue failed or is done: later console text changes nothing. */
  readonly ended?: DialogueAction;
}

/** How much console text a step keeps while it waits: a chatty console must not grow it forever. */
const MAX_PENDING = 16_384;
/**
 * Longest line a recipe may type: a terminal's canonical input stops at MAX_CANON (255 on the
 * BSDs, the line's end included) and a longer line is cut without a word.
 */
export const MAX_TYPED_LINE = 240;
// What a named capture group may carry into typed text: a menu number, a short word.
const SAFE_CAPTURE = /^[A-Za-z0-9]{1,8}$/;
// Printable ASCII, and CR to end a line.
const TYPABLE = /^[\x20-\x7e\r]*$/;

function checkPattern(pattern: RegExp): void {
  // exec() on a global or sticky pattern starts where the last call stopped.
  if (pattern.global || pattern.sticky)
    throw new Error(`a recipe pattern may not be global or sticky: ${pattern}`);
}

/** A dialogue at its first step; PublicKeyError where `publicKey` is not an ed25519 key. */
export function openDialogue(recipe: ImageRecipe, publicKey: string): Dialogue {
  for (const step of recipe.console) {
    checkPattern(step.expect);
    for (const failure of step.failures ?? []) checkPattern(failure.pattern);
  }
  for (const failure of recipe.failures) checkPattern(failure.pattern);
  return {
    recipe,
    input: { publicKey: checkedEd25519PublicKey(publicKey), captured: {} },
    index: 0,
    pending: '',
    carry: '',
  };
}

/** The step now awaited (for its time limit), or undefined once the dialogue ended. */
export function awaitedStep(dialogue: Dialogue): ConsoleStep | undefined {
  return dialogue.ended === undefined ? dialogue.recipe.console[dialogue.index] : undefined;
}

/** The chunk split into text to read now and an unfinished escape sequence or CR to keep. */
function splitCarry(text: string): { ready: string; carry: string } {
  // eslint-disable-next-line no-control-regex -- an escape sequence cut by the chunk's end
  const open = /(\u001b(\[[0-9;?]*|[()])?|\r)$/.exec(text);
  return open === null
    ? { ready: text, carry: '' }
    : { ready: text.slice(0, open.index), carry: text.slice(open.index) };
}

function typedText(step: ConsoleStep, input: TypingInput): string {
  const text = step.type!(input);
  // A recipe's own mistake, never the console's: refuse it before a key is sent.
  const lines = text.split('\r');
  if (!TYPABLE.test(text) || lines.some((line) => line.length > MAX_TYPED_LINE))
    throw new Error(
      `the ${step.step} step would type a line that is not printable ASCII or longer than ${MAX_TYPED_LINE} characters`,
    );
  return text;
}

function end(dialogue: Dialogue, action: DialogueAction, actions: DialogueAction[]) {
  return { dialogue: { ...dialogue, ended: action }, actions: [...actions, action] };
}

/** `dialogue` after the console printed `text`, and what to do now, in order. */
export function feedConsole(
  dialogue: Dialogue,
  text: string,
): { dialogue: Dialogue; actions: DialogueAction[] } {
  if (dialogue.ended !== undefined) return { dialogue, actions: [] };
  const { ready, carry } = splitCarry(dialogue.carry + text);
  let pending = (dialogue.pending + cleanConsoleText(ready)).slice(-MAX_PENDING);
  let { index, input } = dialogue;
  const actions: DialogueAction[] = [];
  const { console: steps, failures: anyStep } = dialogue.recipe;
  for (let step = steps[index]; step !== undefined; step = steps[index]) {
    const state = { ...dialogue, index, input, pending, carry };
    const failure = [...(step.failures ?? []), ...anyStep].find(({ pattern }) => pattern.test(pending));
    if (failure !== undefined)
      return end(state, { kind: 'failed', step: step.step, reason: failure.reason }, actions);
    const match = step.expect.exec(pending);
    if (match === null) return { dialogue: state, actions };
    const groups = Object.entries(match.groups ?? {}).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    const unsafe = groups.find(([, value]) => !SAFE_CAPTURE.test(value));
    if (unsafe !== undefined)
      return end(
        state,
        {
          kind: 'failed',
          step: step.step,
          reason: `the console showed ${JSON.stringify(unsafe[1].slice(0, 40))} as ${unsafe[0]} while awaiting ${step.awaiting}, not a short word`,
        },
        actions,
      );
    input = { ...input, captured: { ...input.captured, ...Object.fromEntries(groups) } };
    index += 1;
    if (step.type === undefined) {
      pending = pending.slice(match.index + match[0].length);
    } else {
      actions.push({ kind: 'type', step: step.step, text: typedText(step, input) });
      // All of it was printed before these keys: none of it can answer them.
      pending = '';
    }
  }
  return end({ ...dialogue, index, input, pending, carry }, { kind: 'done' }, actions);
}

/** The failure to report when the awaited step's time limit passed without its text. */
export function stepTimedOut(dialogue: Dialogue): { dialogue: Dialogue; action: DialogueAction } {
  const step = awaitedStep(dialogue);
  if (step === undefined) throw new Error('the dialogue has ended: no step can time out');
  const action: DialogueAction = {
    kind: 'failed',
    step: step.step,
    reason: `the console did not show ${step.awaiting} within ${Math.round(step.timeoutMs / 1000)} s`,
  };
  return { dialogue: { ...dialogue, ended: action }, action };
}
