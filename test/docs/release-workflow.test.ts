// The release workflow: a version tag runs CI's checks short of booting guests, then releases
// with the tag's CHANGELOG section and moves the major tag, holding no more than it needs.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string };
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
const packageJson = JSON.parse(read('package.json')) as { engines: { node: string } };

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

  it("sets up the Node version package.json's engines asks for", () => {
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(`>=${String(setupNode?.with?.['node-version'])}`).toBe(packageJson.engines.node);
  });

  it('checks, then releases, then moves the major tag, in that order', () => {
    const order = [
      'node scripts/changelog-section.mjs "$GITHUB_REF_NAME"',
      'npm ci',
      'npm run build',
      'git status --porcelain -- dist',
      'npm run lint',
      'npm run test:unit',
      'gh release create "$GITHUB_REF_NAME"',
      'git tag -f "$major"',
      'git push -f origin "$major"',
    ];
    const positions = order.map((command) => runs.indexOf(command));
    expect(positions.filter((position) => position < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(existsSync(new URL('scripts/changelog-section.mjs', root))).toBe(true);
  });

  it('has a CHANGELOG.md with an Unreleased section to release from', () => {
    expect(read('CHANGELOG.md')).toMatch(/^## \[Unreleased\]$/m);
  });
});
