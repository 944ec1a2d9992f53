// The CLI as users install it without cloning: the tarball scripts/pack-cli.mjs makes (the release
// workflow attaches it to the GitHub release) installed with `npm install -g` and run with
// `npm exec`, offline: dist/cli.js is self-contained, so installing fetches nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
type Manifest = Record<string, unknown> & { version: string; engines: { node: string } };
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

let dir: string;
let tarball: string;
/** npm's cache for this test alone: nothing in it, so an install that wanted the registry fails. */
let npmEnv: NodeJS.ProcessEnv;

const npm = (args: readonly string[], cwd: string): string =>
  execFileSync('npm', [...args], { cwd, env: npmEnv, encoding: 'utf8' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-package-'));
  npmEnv = { ...process.env, npm_config_cache: join(dir, 'npm-cache'), npm_config_update_notifier: 'false' };
  // The release workflow's command; the checkout is read, never written.
  tarball = execFileSync(process.execPath, [join(root, 'scripts/pack-cli.mjs'), dir], {
    env: npmEnv,
    encoding: 'utf8',
  }).trim();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an installed `nicgate` from an empty folder. */
function nicgate(
  bin: string,
  args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
  const cwd = join(dir, 'cwd');
  mkdirSync(cwd, { recursive: true });
  const { status, stdout, stderr } = spawnSync(bin, [...args], {
    cwd,
    env: { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') },
    encoding: 'utf8',
  });
  return { status, stdout, stderr };
}

describe('the packed CLI', () => {
  it('is named after the version and holds the bundled CLI and its documents alone', () => {
    expect(tarball).toBe(join(dir, `nicgate-${packageJson.version}.tgz`));
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    expect(listing.trim().split('\n').sort()).toEqual([
      'package/CHANGELOG.md',
      'package/LICENSE',
      'package/README.md',
      'package/dist/cli.js',
      'package/package.json',
    ]);
  });

  describe('installed with npm install -g, offline', () => {
    let bin: string;
    beforeAll(() => {
      const prefix = join(dir, 'global');
      npm(['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], dir);
      bin = join(prefix, 'bin', 'nicgate');
    }, 60_000);

    it('installs nicgate and nothing else: its package.json names no dependencies and no scripts', () => {
      expect(readdirSync(join(dir, 'global', 'lib', 'node_modules'))).toEqual(['nicgate']);
      const installed = JSON.parse(
        readFileSync(join(dir, 'global', 'lib', 'node_modules', 'nicgate', 'package.json'), 'utf8'),
      ) as Manifest;
      const { name, version, description, type, license, engines, bin } = packageJson;
      expect(installed).toEqual({ name, version, description, type, private: true, license, engines, bin });
    });

    it("prints package.json's version", () => {
      expect(nicgate(bin, ['--version'])).toEqual({
        status: 0,
        stdout: `${packageJson.version}\n`,
        stderr: '',
      });
    });

    it('prints its help', () => {
      const { status, stdout } = nicgate(bin, ['--help']);
      expect(status).toBe(0);
      expect(stdout).toMatch(new RegExp(`^nicgate ${packageJson.version.replaceAll('.', '\\.')}: `));
      expect(stdout).toContain('usage: nicgate <command> [options]');
    });

    it('prints the plan, booting nothing', () => {
      const { status, stdout, stderr } = nicgate(bin, ['plan']);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(stdout).toMatch(/^nicgate plan: 4 scenario\(s\)/);
    });
  });

  it('runs with npm exec --package, offline', () => {
    const cwd = join(dir, 'exec');
    mkdirSync(cwd);
    const out = npm(['exec', '--offline', '--yes', '--package', tarball, '--', 'nicgate', '--version'], cwd);
    expect(out).toBe(`${packageJson.version}\n`);
  }, 60_000);
});
