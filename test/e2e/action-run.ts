// The bundled Action as GitHub runs it: INPUT_* variables, an event payload, GITHUB_OUTPUT /
// GITHUB_STEP_SUMMARY / GITHUB_STATE files, the real @actions/cache library against a local cache
// service and octokit against a local GitHub API (GITHUB_API_URL).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeCacheService } from '../baseline/fake-cache-service.js';
import type { FakeGithub } from '../github/fake-github.js';
import { collect, ROOT, type CliRun } from './harness.js';

export interface ActionRun {
  run: CliRun;
  outputs: Record<string, string>;
  summary: string;
}

export interface ActionEvent {
  name: string;
  path: string;
  ref: string;
  head?: string;
  base?: string;
  runId: string;
}

/** Where an Action run happens: its workspace, a folder for its files, the local services. */
export interface ActionHost {
  workspace: string;
  dir: string;
  github: FakeGithub;
  cache: FakeCacheService;
}

/** GITHUB_OUTPUT uses `name<<DELIMITER` blocks. */
function readOutputs(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const match of readFileSync(path, 'utf8').matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    values[match[1]!] = match[3]!;
  return values;
}

/** Runs dist/index.js once with `inputs` on `event`; `name` names its files in host.dir. */
export async function runAction(
  host: ActionHost,
  name: string,
  event: ActionEvent,
  inputs: Record<string, string>,
): Promise<ActionRun> {
  const files = {
    output: join(host.dir, `${name}.output`),
    summary: join(host.dir, `${name}.summary`),
    state: join(host.dir, `${name}.state`),
  };
  for (const path of Object.values(files)) writeFileSync(path, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: host.workspace,
    RUNNER_TEMP: join(host.dir, 'runner-temp'),
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: event.path,
    GITHUB_REF_NAME: event.ref,
    GITHUB_HEAD_REF: event.head ?? '',
    GITHUB_BASE_REF: event.base ?? '',
    GITHUB_RUN_ID: event.runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'nicgate',
    GITHUB_WORKFLOW: 'network performance',
    GITHUB_REPOSITORY: 'octo-org/vm-templates',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d',
    GITHUB_API_URL: host.github.url,
    ACTIONS_RUNTIME_TOKEN: host.cache.token,
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: host.cache.url,
    'INPUT_GITHUB-TOKEN': host.github.token,
  };
  for (const [input, value] of Object.entries(inputs)) env[`INPUT_${input.toUpperCase()}`] = value;
  const run = await collect(
    spawn(process.execPath, [join(ROOT, 'dist/index.js')], { cwd: host.workspace, env }),
  );
  return { run, outputs: readOutputs(files.output), summary: readFileSync(files.summary, 'utf8') };
}

/** The recorded pull_request event with its base moved to `baseSha`, written to `path`. */
export function pullRequestEvent(path: string, baseSha: string): void {
  const event = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'events', 'pull_request.json'), 'utf8'));
  event.pull_request.base.sha = baseSha;
  writeFileSync(path, JSON.stringify(event));
}

/** The pull request event as the runner names it. */
export const pullRequest = (path: string, runId: string): ActionEvent => ({
  name: 'pull_request',
  path,
  ref: '42/merge',
  head: 'feature/small-buffers',
  base: 'main',
  runId,
});
