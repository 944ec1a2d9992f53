// Runs the Action's main in this process as the runner would, for the modes that boot nothing
// (comment, with files): INPUT_* and GITHUB_* variables, an event payload file, output, state and
// summary files, stdout captured. Restores the environment afterwards.
import { jest } from '@jest/globals';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/action/main.js';

export interface ActionRun {
  stdout: string;
  /** 1 when the step failed (core.setFailed), else 0. */
  exitCode: number;
  summary: string;
  /** Its size in bytes, as GitHub counts it. */
  summaryBytes: number;
}

export function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'nicgate-action-'));
}

// core.summary keeps the first GITHUB_STEP_SUMMARY it sees for the life of the module: one file for all runs.
const SUMMARY = join(workspace(), 'summary');

export async function runAction(
  dir: string,
  inputs: Record<string, string>,
  event: { name: string; payload: unknown },
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const files = { output: 'output', state: 'state', event: 'event.json' };
  for (const name of Object.values(files)) writeFileSync(join(dir, name), '');
  writeFileSync(SUMMARY, '');
  writeFileSync(join(dir, files.event), JSON.stringify(event.payload));
  const saved = { ...process.env };
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    for (const key of Object.keys(process.env))
      if (key.startsWith('INPUT_') || key.startsWith('GITHUB_')) delete process.env[key];
    Object.assign(process.env, {
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: dir,
      GITHUB_OUTPUT: join(dir, files.output),
      GITHUB_STATE: join(dir, files.state),
      GITHUB_STEP_SUMMARY: SUMMARY,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: join(dir, files.event),
      GITHUB_REPOSITORY: 'octo-org/vm-templates',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4001',
      GITHUB_JOB: 'comment',
      GITHUB_WORKFLOW: 'nicgate comment',
      // The default branch's head on workflow_run: never the commit the figures are of.
      GITHUB_SHA: 'b'.repeat(40),
      INPUT_OUT: join(dir, 'merged-results.json'),
      'INPUT_REPORT-OUT': join(dir, 'report.md'),
      'INPUT_VERDICTS-OUT': join(dir, 'verdicts-out.json'),
      ...env,
    });
    for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
    process.exitCode = 0;
    await run();
    return {
      stdout: chunks.join(''),
      exitCode: Number(process.exitCode ?? 0),
      summary: readFileSync(SUMMARY, 'utf8'),
      summaryBytes: statSync(SUMMARY).size,
    };
  } finally {
    spy.mockRestore();
    process.exitCode = 0;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
