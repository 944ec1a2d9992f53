// How prepare gets into a publisher's image of an OS, as data: a console dialogue (what to wait
// for on the serial console, what to type then), an optional NoCloud seed, and the constant
// commands it runs over SSH once in. Each OS's folder writes its own recipe from its publisher's
// documentation, or a refusal saying why it knows no way in. Pure: console-dialogue.ts runs a
// recipe against console text, the prepare boot types what it says.
import type { BsdPackageTool } from '../../model/prepared-image.js';

/** The steps of prepare, as its messages and failures name them. */
export type PrepareStepName = 'boot' | 'login' | 'ssh' | 'hook install' | 'iperf3 install';

/**
 * What a typed line may be made of: the checked public key, and what earlier patterns captured
 * in named groups (each 1 to 8 letters or digits: the dialogue refuses anything longer or other).
 */
export interface TypingInput {
  /** `ssh-ed25519 <base64>`, as public-key.ts rebuilt it. */
  publicKey: string;
  captured: Readonly<Record<string, string>>;
}

/** Console text that ends the dialogue with a failure of the step that waits. */
export interface ConsoleFailure {
  pattern: RegExp;
  reason: string;
}

/** One exchange: wait until the console shows `expect`, then type what `type` gives. */
export interface ConsoleStep {
  /** The prepare step this wait belongs to: a failure or a timeout here is this step's. */
  step: PrepareStepName;
  /** What is awaited, for messages: `the login prompt`. */
  awaiting: string;
  expect: RegExp;
  /** What to type once `expect` matched; none where the step only waits. */
  type?: (input: TypingInput) => string;
  failures?: readonly ConsoleFailure[];
  timeoutMs: number;
}

/** The text of a NoCloud seed (a FAT or ISO 9660 volume labelled `cidata`). */
export interface NoCloudSeedText {
  userData: string;
  metaData: string;
}

/** The commands prepare runs over SSH as root once the dialogue is done: constants, no input. */
export interface SshCommands {
  /** Unpacks the install archive (boot hook and its start at boot) read from standard input. */
  'hook install': string;
  'iperf3 install': string;
  powerOff: string;
}

export interface ImageRecipe {
  kind: 'recipe';
  /** Which images it is written for, as `nicgate plan` says it. */
  fits: string;
  /** The publishers' pages it follows. */
  sources: readonly string[];
  /**
   * The image's boot loader talks to the BIOS screen and keyboard only: the prepare boot runs
   * QEMU without a display (`-machine graphics=off`), so SeaBIOS carries both over the serial port.
   */
  loaderOnBiosConsole: boolean;
  /** A NoCloud seed to attach, for images that read one (the key goes in it too). */
  seed?: (input: Pick<TypingInput, 'publicKey'>) => NoCloudSeedText;
  console: readonly ConsoleStep[];
  /** Failures any step may meet: a kernel panic, a single-user shell. */
  failures: readonly ConsoleFailure[];
  overSsh: SshCommands;
  /** The package tool `iperf3 install` runs, as the prepared image's record names it. */
  packageTool: BsdPackageTool;
}

/** An OS whose publishers offer no image with a known way in. */
export interface RecipeRefusal {
  kind: 'refusal';
  reason: string;
  sources: readonly string[];
}

/** How prepare gets into an image of an OS, and whether that has been done on a real guest. */
export interface ImagePrepare {
  recipe: ImageRecipe | RecipeRefusal;
  /** False until a prepare of a real image of the OS went through with this recipe. */
  proven: boolean;
}

/** Why a run refuses an image of the OS, or undefined where its prepare is proven. */
export function imagePrepareRefusal(label: string, prepare: ImagePrepare): string | undefined {
  const { recipe } = prepare;
  if (recipe.kind === 'refusal') return `nicgate knows no way into ${label} images: ${recipe.reason}`;
  if (prepare.proven) return undefined;
  return `preparing a ${label} image is written from the publisher's documentation and not yet run on a real ${label} guest`;
}
