// The run's directory of per-boot files (a 15 MB initrd per boot): /dev/shm where it can be, which
// keeps them off the disk, else the state directory. mkdtemp makes it with a name no one can
// guess or plant beforehand, mode 0700; the ledger names it, and teardown removes it.
import { constants } from 'node:fs';
import { access, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ledger } from '../net/ledger.js';

/** Creates the directory in the first writable of `bases` and records it in the ledger. */
export async function createScratchDir(ledger: Ledger, bases: readonly string[]): Promise<string> {
  let base = bases[bases.length - 1]!;
  for (const candidate of bases) {
    if (
      await access(candidate, constants.W_OK).then(
        () => true,
        () => false,
      )
    ) {
      base = candidate;
      break;
    }
  }
  const prefix = join(base, `nicgate-${ledger.data.runId}-`);
  // Recorded once made (its name is known only then); teardown waits for this step.
  return await ledger.create({ after: (d, dir: string) => (d.scratchDir = dir) }, () => mkdtemp(prefix));
}
