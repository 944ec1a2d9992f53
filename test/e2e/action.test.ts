// The bundled Action run as GitHub runs it: INPUT_* variables, output and summary files, then
// the post step. A main step killed outright (no chance to clean up) is cleaned by the post step.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect, leftovers, ROOT } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'nicgate-action-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function actionEnv(
  inputs: Record<string, string>,
  files: { output: string; summary: string; state: string },
) {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    RUNNER_TEMP: dir,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

function files(prefix: string) {
  const paths = {
    output: join(dir, `${prefix}-output`),
    summary: join(dir, `${prefix}-summary`),
    state: join(dir, `${prefix}-state`),
  };
  for (const path of Object.values(paths)) writeFileSync(path, '');
  return paths;
}

/** GITHUB_STATE / GITHUB_OUTPUT use `name<<DELIM\nvalue\nDELIM` blocks. */
function readCommandFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  const text = readFileSync(path, 'utf8');
  for (const match of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) values[match[1]!] = match[3]!;
  return values;
}

function stateEnv(state: Record<string, string>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
}

describe('the Action (dist/index.js, dist/post.js)', () => {
  it('measures with inputs, sets results-path and writes the job summary; the post step finds nothing to clean', async () => {
    const paths = files('ok');
    const out = join(dir, 'action-results.json');
    const env = actionEnv(
      {
        nic: 'virtio-net-pci',
        profile: 'stock',
        link: 'lan',
        duration: '2',
        repetitions: '2',
        accel: 'tcg',
        out,
      },
      paths,
    );
    const main = await collect(spawn(process.execPath, [join(ROOT, 'dist/index.js')], { cwd: dir, env }));
    expect(main.stdout).not.toContain('::error::');
    expect(main.code).toBe(0);
    expect(readCommandFile(paths.output)['results-path']).toBe(out);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.scenarios[0].samples).toHaveLength(2);
    const summary = readFileSync(paths.summary, 'utf8');
    expect(summary).toContain('## nicgate: 1 new');
    expect(summary).toContain('baseline: none yet, so every scenario is new');
    expect(summary).toContain('| linux/virtio-net-pci/stock/lan/send |');
    const state = readCommandFile(paths.state);
    expect(state['nicgate-state-dir']).toBe(join(dir, 'nicgate-state'));
    const post = await collect(
      spawn(process.execPath, [join(ROOT, 'dist/post.js')], {
        cwd: dir,
        env: { ...env, ...stateEnv(state) },
      }),
    );
    expect(post.code).toBe(0);
    expect(post.stdout).not.toContain('cleaned up');
  });

  it('reports a bad input by name without a stack trace', async () => {
    const paths = files('bad');
    const main = await collect(
      spawn(process.execPath, [join(ROOT, 'dist/index.js')], {
        cwd: dir,
        env: actionEnv({ repetitions: '0' }, paths),
      }),
    );
    expect(main.code).toBe(1);
    expect(main.stdout).toContain('::error::input repetitions: "0"');
    expect(main.stdout).not.toMatch(/\n\s+at /);
  });

  it('the post step removes what a killed main step left behind', async () => {
    const paths = files('killed');
    const env = actionEnv(
      {
        nic: 'e1000',
        profile: 'stock',
        link: 'lan',
        duration: '30',
        repetitions: '1',
        accel: 'tcg',
        out: join(dir, 'k.json'),
      },
      paths,
    );
    const child = spawn(process.execPath, [join(ROOT, 'dist/index.js')], { cwd: dir, env });
    let during: ReturnType<typeof leftovers> | undefined;
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (during === undefined && stdout.includes('rep 1/1')) {
        during = leftovers(dir);
        setTimeout(() => child.kill('SIGKILL'), 2000);
      }
    });
    await collect(child);
    expect(during?.qemu).toHaveLength(1);
    expect(during?.netns).toHaveLength(1);
    expect(leftovers(dir).qemu).toHaveLength(1); // SIGKILL gave the main step no chance to clean up
    const state = readCommandFile(paths.state);
    const post = await collect(
      spawn(process.execPath, [join(ROOT, 'dist/post.js')], {
        cwd: dir,
        env: { ...env, ...stateEnv(state) },
      }),
    );
    expect(post.code).toBe(0);
    expect(post.stdout).toContain('cleaned up run');
    expect(leftovers(dir)).toEqual({ qemu: [], iperf3: [], netns: [], taps: [], scratch: [] });
  });
});
