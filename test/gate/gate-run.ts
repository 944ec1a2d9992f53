// The paired gate as `nicgate run --base-ref` calls it, on a test's real git repository and real
// host paths, with the measurement the test gives: the one setup the gate's tests share.
import { hashPath } from '../../src/config/content-hash.js';
import { hostPaths, planFromOptions } from '../../src/config/host-paths.js';
import type { RawOptions } from '../../src/config/options.js';
import {
  PAIRED_RUN_DEFAULTS,
  parsePairedOptions,
  type PairedOptions,
} from '../../src/config/paired-options.js';
import type { EventSink } from '../../src/engine/events.js';
import { runPairedGate, type PairedGateDeps, type PairedGateOutcome } from '../../src/gate/paired-gate.js';
import { runCommand } from '../../src/proc/exec.js';

export async function gateRun(
  repoDir: string,
  raw: RawOptions & { out: string },
  flags: Record<string, string>,
  run: PairedGateDeps['run'],
  emit: EventSink = () => undefined,
): Promise<{ outcome: PairedGateOutcome; options: PairedOptions }> {
  const head = planFromOptions(raw, { planOnly: true, defaults: PAIRED_RUN_DEFAULTS });
  const options = parsePairedOptions({ 'base-ref': 'HEAD', ...flags }, raw.out, () => 1)!;
  const deps = { git: runCommand, cwd: repoDir, hashPath, paths: hostPaths, run };
  return { outcome: await runPairedGate(raw, head, options, deps, emit), options };
}
