// Host tools some unit tests run for real. A test must not pass by skipping itself where a tool
// is missing: it fails instead, naming the tool and the package that provides it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_TOOLS } from '../../src/host/packages.js';

/** Tools the tests run that nicgate itself does not, with the Debian/Ubuntu package of each. */
const TEST_ONLY_PACKAGES: Readonly<Record<string, string>> = {
  unshare: 'util-linux',
  mtype: 'mtools',
  mlabel: 'mtools',
  chromium: 'chromium',
};

/** Where to look: the PATH, then the sbin folders a user's PATH may lack. */
const searchPath = (): string[] => [
  ...(process.env.PATH ?? '').split(':').filter((dir) => dir !== ''),
  '/usr/local/sbin',
  '/usr/sbin',
  '/sbin',
];

/** The absolute path of `tool`; throws, naming the package to install, when it is not installed. */
export function requiredTool(tool: string, dirs: readonly string[] = searchPath()): string {
  for (const dir of dirs) {
    const path = join(dir, tool);
    if (existsSync(path)) return path;
  }
  const pkg = HOST_TOOLS[tool] ?? TEST_ONLY_PACKAGES[tool];
  if (pkg === undefined) throw new Error(`requiredTool: no package is known for \`${tool}\`; add it here`);
  throw new Error(
    `this test runs \`${tool}\`, which is not installed: install the package ${pkg} (apt-get install ${pkg}; .ci/run installs every package the tests need)`,
  );
}
