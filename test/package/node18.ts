// Where the unit tests find Node.js 18: the distribution's (what `apt-get install nodejs` gives a
// fresh Debian 12), unpacked by scripts/fetch-node18.sh. A test that needs it fails where it is
// missing, naming the script: it never passes by skipping itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where scripts/fetch-node18.sh puts it when given no folder (.ci/run gives none). */
const NODE18_DIR = '/var/tmp/nicgate-node18';

/** The path of the Node 18 launcher; throws, naming the script that fetches it, when it is missing. */
export function node18(dir: string = NODE18_DIR): string {
  const launcher = join(dir, 'node');
  if (existsSync(launcher)) return launcher;
  throw new Error(
    `this test runs the CLI on Node.js 18, which is not at ${launcher}: run \`bash scripts/fetch-node18.sh\` (.ci/run does)`,
  );
}
