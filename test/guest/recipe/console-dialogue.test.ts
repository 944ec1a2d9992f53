import {
  awaitedStep,
  feedConsole,
  openDialogue,
  stepTimedOut,
  type Dialogue,
  type DialogueAction,
} from '../../../src/guest/recipe/console-dialogue.js';
import { PublicKeyError } from '../../../src/guest/recipe/public-key.js';
import type { ImageRecipe } from '../../../src/guest/recipe/recipe.js';
import { TEST_KEY } from './replay.js';

const TOY: ImageRecipe = {
  kind: 'recipe',
  fits: 'a toy',
  sources: [],
  loaderOnBiosConsole: false,
  packageTool: 'pkg',
  console: [
    { step: 'boot', awaiting: 'the banner', expect: /Toy OS/, timeoutMs: 1000 },
    {
      step: 'boot',
      awaiting: 'the menu',
      expect: /(?<entry>\w+)\) shell/,
      type: ({ captured }) => `${captured.entry}\r`,
      timeoutMs: 1000,
    },
    {
      step: 'login',
      awaiting: 'the prompt',
      expect: /\$ $/,
      failures: [{ pattern: /denied/, reason: 'the shell was denied' }],
      type: ({ publicKey }) => `key '${publicKey}'\r`,
      timeoutMs: 2000,
    },
    { step: 'ssh', awaiting: 'the marker', expect: /key-ok/, timeoutMs: 3000 },
  ],
  failures: [{ pattern: /PANIC/, reason: 'it panicked' }],
  overSsh: { 'hook install': 'true', 'iperf3 install': 'true', powerOff: 'true' },
};

function feedAll(
  dialogue: Dialogue,
  chunks: readonly string[],
): { dialogue: Dialogue; actions: DialogueAction[] } {
  const actions: DialogueAction[] = [];
  for (const chunk of chunks) {
    const fed = feedConsole(dialogue, chunk);
    dialogue = fed.dialogue;
    actions.push(...fed.actions);
  }
  return { dialogue, actions };
}

describe('the console dialogue', () => {
  it('waits, types what a step gives with the captured word and the checked key, and ends done', () => {
    const start = openDialogue(TOY, TEST_KEY);
    const boot = feedAll(start, ['Toy OS 1.0\r\nmenu: a) boot  b', ') shell\r\n']);
    expect(boot.actions).toEqual([{ kind: 'type', step: 'boot', text: 'b\r' }]);
    expect(awaitedStep(boot.dialogue)?.awaiting).toBe('the prompt');
    const login = feedAll(boot.dialogue, ['b\r\nwelcome\r\n$ ']);
    expect(login.actions).toEqual([{ kind: 'type', step: 'login', text: `key '${TEST_KEY}'\r` }]);
    const done = feedAll(login.dialogue, [`key '${TEST_KEY}'\r\nkey-`, 'ok\r\n$ ']);
    expect(done.actions).toEqual([{ kind: 'done' }]);
    expect(awaitedStep(done.dialogue)).toBeUndefined();
    expect(feedConsole(done.dialogue, 'PANIC').actions).toEqual([]);
  });

  it('never takes what was printed before its keys as their answer', () => {
    // The prompt and the marker both arrive in the chunk the menu came in: printed before `b`.
    const fed = feedAll(openDialogue(TOY, TEST_KEY), ['Toy OS\r\nb) shell\r\n$ key-ok\r\n']);
    expect(fed.actions).toEqual([{ kind: 'type', step: 'boot', text: 'b\r' }]);
    expect(awaitedStep(fed.dialogue)?.awaiting).toBe('the prompt');
  });

  it('names the step that failed, from its own failures and the recipe-wide ones', () => {
    const atLogin = feedAll(openDialogue(TOY, TEST_KEY), ['Toy OS\r\nb) shell\r\n']).dialogue;
    expect(feedConsole(atLogin, 'access denied\r\n').actions).toEqual([
      { kind: 'failed', step: 'login', reason: 'the shell was denied' },
    ]);
    expect(feedConsole(openDialogue(TOY, TEST_KEY), 'PANIC: oops').actions).toEqual([
      { kind: 'failed', step: 'boot', reason: 'it panicked' },
    ]);
  });

  it('fails the step rather than type a captured value that is not a short word', () => {
    const recipe: ImageRecipe = {
      ...TOY,
      console: [
        {
          step: 'boot',
          awaiting: 'the menu',
          expect: /(?<entry>\S+)\) shell/,
          type: () => 'x\r',
          timeoutMs: 1,
        },
      ],
    };
    expect(feedConsole(openDialogue(recipe, TEST_KEY), '$(reboot)) shell').actions).toEqual([
      {
        kind: 'failed',
        step: 'boot',
        reason: 'the console showed "$(reboot)" as entry while awaiting the menu, not a short word',
      },
    ]);
  });

  it('reads escape sequences and CR LF cut by a chunk boundary as the console meant them', () => {
    const fed = feedAll(openDialogue(TOY, TEST_KEY), [
      '\u001b[2JToy \u001b[',
      '1mOS\r',
      '\nb\u001b[1;1H) shell',
    ]);
    expect(fed.actions).toEqual([{ kind: 'type', step: 'boot', text: 'b\r' }]);
  });

  it('says which step ran out of time, and what it was waiting for', () => {
    const atLogin = feedAll(openDialogue(TOY, TEST_KEY), ['Toy OS\r\nb) shell\r\n']).dialogue;
    const { dialogue, action } = stepTimedOut(atLogin);
    expect(action).toEqual({
      kind: 'failed',
      step: 'login',
      reason: 'the console did not show the prompt within 2 s',
    });
    expect(awaitedStep(dialogue)).toBeUndefined();
    expect(() => stepTimedOut(dialogue)).toThrow('the dialogue has ended');
  });

  it('refuses a key that is not an ed25519 public key before anything is typed', () => {
    expect(() => openDialogue(TOY, `${TEST_KEY}'; reboot #`)).toThrow(PublicKeyError);
  });

  it('refuses a recipe that would type an overlong or unprintable line, or uses a global pattern', () => {
    const typing = (text: string): ImageRecipe => ({
      ...TOY,
      console: [{ step: 'boot', awaiting: 'x', expect: /x/, type: () => text, timeoutMs: 1 }],
    });
    expect(() => feedConsole(openDialogue(typing(`${'a'.repeat(241)}\r`), TEST_KEY), 'x')).toThrow(
      'longer than 240 characters',
    );
    expect(() => feedConsole(openDialogue(typing('a\nb\r'), TEST_KEY), 'x')).toThrow('not printable ASCII');
    expect(() => openDialogue({ ...TOY, failures: [{ pattern: /x/g, reason: 'x' }] }, TEST_KEY)).toThrow(
      'may not be global or sticky',
    );
  });
});
