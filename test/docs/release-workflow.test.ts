// The release workflow: a version tag runs CI's checks short of booting guests, then releases
// with the tag's CHANGELOG section and the CLI's package and moves the major tag, holding no more
// than it needs.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
type Workflow = {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const workflow = parse(read('.github/workflows/release.yml')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = steps.map((step) => step.run ?? '').join('\n');
const packageJson = JSON.parse(read('package.json')) as {
  version: string;
  devEngines: { runtime: { name: string; version: string } };
};

describe('release workflow', () => {
  it('runs on a pushed version tag alone, with contents: write and nothing more', () => {
    expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(workflow.permissions).toEqual({ contents: 'write' });
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
  });

  it('pins each action by its major version', () => {
    const uses = steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses]));
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.filter((action) => !/^[\w.-]+\/[\w.-]+@v\d+$/.test(action))).toEqual([]);
  });

  it("sets up the oldest Node development supports (package.json's devEngines)", () => {
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(packageJson.devEngines.runtime).toMatchObject({ name: 'node', version: '>=20.19' });
    // `20` is the newest 20.x, which >=20.19 accepts.
    expect(String(setupNode?.with?.['node-version'])).toBe('20');
  });

  it('checks, then releases, then moves the major tag, in that order', () => {
    const order = [
      'node scripts/changelog-section.mjs "$GITHUB_REF_NAME"',
      'npm ci',
      'npm run build',
      'git status --porcelain -- dist',
      'npm run lint',
      'bash scripts/fetch-node18.sh',
      'npm run test:unit',
      'node scripts/pack-cli.mjs "$RUNNER_TEMP"',
      'gh release create "$GITHUB_REF_NAME"',
      '"$RUNNER_TEMP/nicgate-${GITHUB_REF_NAME#v}.tgz"',
      'git tag -f "$major"',
      'git push -f origin "$major"',
    ];
    const positions = order.map((command) => runs.indexOf(command));
    expect(positions.filter((position) => position < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(existsSync(new URL('scripts/changelog-section.mjs', root))).toBe(true);
    expect(existsSync(new URL('scripts/pack-cli.mjs', root))).toBe(true);
    expect(existsSync(new URL('scripts/fetch-node18.sh', root))).toBe(true);
  });

  it('has a CHANGELOG.md with an Unreleased section to release from', () => {
    expect(read('CHANGELOG.md')).toMatch(/^## \[Unreleased\]$/m);
  });

  it("has a CHANGELOG.md section for package.json's version, below Unreleased", () => {
    const headings = read('CHANGELOG.md').match(/^## .*$/gm) ?? [];
    expect(headings[0]).toBe('## [Unreleased]');
    expect(headings[1]).toMatch(
      new RegExp(`^## \\[${packageJson.version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`),
    );
    const notes = spawnSync(process.execPath, ['scripts/changelog-section.mjs', packageJson.version], {
      cwd: fileURLToPath(root),
      encoding: 'utf8',
    });
    expect(notes).toMatchObject({ status: 0, stdout: expect.stringContaining('### Added') });
  });
});

describe("the release workflow's tag check", () => {
  const check = steps.find(
    (step) => step.name === "the tag is package.json's version and CHANGELOG.md has its section",
  );
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nicgate-release-'));
    mkdirSync(join(dir, 'scripts'));
    cpSync(new URL('scripts/changelog-section.mjs', root), join(dir, 'scripts/changelog-section.mjs'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nicgate', version: '1.2.0' }));
    writeFileSync(
      join(dir, 'CHANGELOG.md'),
      '# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2026-03-01\n\n- The paired gate.\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The step's script as the runner runs it (bash -eo pipefail), for the tag `tag`. */
  const runCheck = (tag: string) =>
    spawnSync('bash', ['-e', '-o', 'pipefail', '-c', check?.run ?? 'exit 99'], {
      cwd: dir,
      env: { ...process.env, GITHUB_REF_NAME: tag, RUNNER_TEMP: dir },
      encoding: 'utf8',
    });

  it("passes a tag that is package.json's version, writing its CHANGELOG section as the notes", () => {
    expect(runCheck('v1.2.0')).toMatchObject({ status: 0 });
    expect(readFileSync(join(dir, 'release-notes.md'), 'utf8')).toBe('- The paired gate.\n');
  });

  it("fails a tag that is not package.json's version, saying so", () => {
    expect(runCheck('v1.2.1')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("tag v1.2.1 is not package.json's version"),
    });
  });

  it('fails a version with no CHANGELOG section', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'nicgate', version: '1.3.0' }));
    expect(runCheck('v1.3.0')).toMatchObject({ status: 1, stderr: expect.stringContaining('"## [1.3.0]"') });
  });
});
