// Replays a console transcript of fixtures/consoles/ through a recipe's dialogue, as the console
// would print it: CR LF line ends, in chunks of a given size, one turn at a time (a turn ends
// where the guest waits for keys, `<<wait>>` in the file). The transcripts are not recordings:
// each one's first line says what documentation it was written from.
import { readFileSync } from 'node:fs';
import {
  feedConsole,
  openDialogue,
  type DialogueAction,
} from '../../../src/guest/recipe/console-dialogue.js';
import type { ImageRecipe } from '../../../src/guest/recipe/recipe.js';

/** An ed25519 public key made for these tests (node:crypto), as ssh-keygen prints one. */
export const TEST_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG/zruUu7jil3N5xRoJToyUfsbsYA8xgzFEr4CLltR1E test@nicgate';

export interface Transcript {
  /** The first line: what the transcript was written from. */
  source: string;
  turns: string[];
}

export function readTranscript(name: string): Transcript {
  const text = readFileSync(new URL(`../../../fixtures/consoles/${name}`, import.meta.url), 'utf8');
  const newline = text.indexOf('\n');
  const body = text
    .slice(newline + 1)
    .replaceAll('{{key}}', TEST_KEY)
    .replace(/\n/g, '\r\n');
  return { source: text.slice(0, newline), turns: body.split('<<wait>>') };
}

/** The actions of each turn, fed `chunkSize` characters at a time. */
export function replay(recipe: ImageRecipe, transcript: Transcript, chunkSize: number): DialogueAction[][] {
  let dialogue = openDialogue(recipe, TEST_KEY);
  return transcript.turns.map((turn) => {
    const actions: DialogueAction[] = [];
    for (let at = 0; at < turn.length; at += chunkSize) {
      const fed = feedConsole(dialogue, turn.slice(at, at + chunkSize));
      dialogue = fed.dialogue;
      actions.push(...fed.actions);
    }
    return actions;
  });
}
