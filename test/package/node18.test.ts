// The CLI on Node.js 18, the oldest package.json's engines accepts and what a fresh Debian 12
// installs: dist/cli.js as committed answers exactly as on the Node that runs the tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { node18 } from './node18.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/cli.js');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-node18-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `node dist/cli.js ...args` from an empty folder: its status and both outputs. */
function run(
  node: string,
  args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(node, [cli, ...args], {
    cwd: dir,
    env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') },
    encoding: 'utf8',
  });
  return { status, stdout, stderr };
}

describe('the CLI on Node.js 18', () => {
  it('runs on Node 18, the version engines names', () => {
    const version = spawnSync(node18(), ['--version'], { encoding: 'utf8' });
    expect(version).toMatchObject({ status: 0, stdout: expect.stringMatching(/^v18\.\d+\.\d+\n$/) });
    expect(packageJson.engines.node).toBe('>=18');
  });

  it.each([
    ['--version'],
    ['--help'],
    ['plan'],
    ['plan --guest debian-12 --direction both --link lan,rtt=50ms'],
    ['run --help'],
    ['plan --nics virtio-net-pci'],
    ['plan --link rtt=abc'],
  ])('answers `nicgate %s` as the current Node does', (command) => {
    const args = command.split(' ');
    const on18 = run(node18(), args);
    expect(on18).toEqual(run(process.execPath, args));
    expect(on18.stdout + on18.stderr).not.toMatch(/Error:|at .*\(node:/);
  });

  it('is what the bundle targets', () => {
    const bundle = readFileSync(join(root, 'scripts/bundle.mjs'), 'utf8');
    expect(bundle.match(/target: '(node\d+)'/g)).toEqual(["target: 'node18'"]);
  });

  it('prints the plan, booting nothing', () => {
    const { status, stdout } = run(node18(), ['plan']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^nicgate plan: 4 scenario\(s\)/);
    expect(stdout).toContain('qemu-system-x86_64 ');
  });

  it('fails, naming the script that fetches it, where Node 18 is missing', () => {
    expect(() => node18(join(dir, 'none'))).toThrow(
      `this test runs the CLI on Node.js 18, which is not at ${join(dir, 'none', 'node')}: run \`bash scripts/fetch-node18.sh\``,
    );
  });
});
