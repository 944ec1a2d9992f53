// Undoes everything a ledger names. Idempotent: each step tolerates an object already gone. A
// step that fails is reported and the others still run: teardown never throws, so a failing
// `ip netns del` can cost a run neither its results nor its exit code.
import { lstat, rm } from 'node:fs/promises';
import { describeError } from '../common/errors.js';
import type { Exec } from '../proc/exec.js';
import { currentIds } from '../proc/privilege.js';
import { revokeDeviceAccess } from './device-access.js';
import { isScratchOf, scratchBases, type GrantableDevice, type LedgerData } from './ledger-schema.js';
import { readLedgers, type StoredLedger } from './ledger-store.js';
import { deleteNamespace, deleteTap } from './netns.js';
import { HOST_PROCESSES, killVm, processAlive, type ProcessTable } from './processes.js';

export interface TeardownDeps {
  exec: Exec;
  processes?: ProcessTable;
}

export interface TeardownScope {
  /** Where the run's scratch directory may be (scratchBases of its state directory). */
  scratchBases: readonly string[];
  /** Devices whose ACL entry another live run still relies on: left in place. */
  keepGrants?: ReadonlySet<GrantableDevice>;
}

/** Removes the scratch directory only if it is the one nicgate derives, a real directory of ours. */
async function removeScratch(data: LedgerData, dir: string, bases: readonly string[]): Promise<void> {
  if (!isScratchOf(data.runId, dir, bases)) throw new Error('not a directory nicgate creates; left alone');
  const info = await lstat(dir).catch(() => undefined);
  if (info === undefined) return;
  if (!info.isDirectory() || info.uid !== data.ownerUid)
    throw new Error('not a directory owned by this user; left alone');
  await rm(dir, { recursive: true, force: true });
}

/** Tears down what `data` names; resolves the problems met (empty when all went). */
export async function teardown(
  data: LedgerData,
  deps: TeardownDeps,
  scope: TeardownScope,
): Promise<string[]> {
  const processes = deps.processes ?? HOST_PROCESSES;
  const problems: string[] = [];
  const step = async (what: string, action: () => Promise<void>): Promise<void> => {
    await action().catch((error: unknown) => void problems.push(`${what}: ${describeError(error)}`));
  };
  for (const vm of data.vms)
    await step(`stopping QEMU ${vm.pid}`, () => killVm(vm, data.ownerUid, processes));
  for (const tap of data.taps) await step(`deleting tap ${tap}`, () => deleteTap(tap, data.netns, deps.exec));
  const { netns, scratchDir } = data;
  if (netns) await step(`deleting namespace ${netns}`, () => deleteNamespace(netns, deps.exec));
  if (scratchDir)
    await step(`removing ${scratchDir}`, () => removeScratch(data, scratchDir, scope.scratchBases));
  for (const grant of data.grants)
    if (!scope.keepGrants?.has(grant.device))
      await step(`removing the ACL entry on ${grant.device}`, () => revokeDeviceAccess(grant, deps.exec));
  return problems;
}

function expectationsFor(stateDir: string): { uid: number; scratchBases: string[] } {
  return { uid: currentIds().uid, scratchBases: scratchBases(stateDir) };
}

function grantsOf(ledgers: readonly StoredLedger[]): Set<GrantableDevice> {
  return new Set(ledgers.flatMap((ledger) => ledger.data.grants.map((grant) => grant.device)));
}

/** Devices granted (or claimed) by live runs in `stateDir` other than `runId`. */
export async function grantsHeldByOthers(
  stateDir: string,
  runId: string,
  processes: ProcessTable = HOST_PROCESSES,
): Promise<Set<GrantableDevice>> {
  const { ledgers } = await readLedgers(stateDir, expectationsFor(stateDir));
  return grantsOf(ledgers.filter((l) => l.data.runId !== runId && processAlive(l.data.ownerPid, processes)));
}

export interface StaleCleanup {
  /** One line per run torn down. */
  cleaned: string[];
  /** Files ignored, and teardown steps that failed (their ledgers stay for a later try). */
  warnings: string[];
}

/**
 * Tears down runs recorded in `stateDir` whose owner is gone (or all of them with `force`,
 * as the Action's post step does). Never throws for what it finds there.
 */
export async function cleanupStale(
  stateDir: string,
  deps: TeardownDeps,
  force = false,
): Promise<StaleCleanup> {
  const processes = deps.processes ?? HOST_PROCESSES;
  const expected = expectationsFor(stateDir);
  const scan = await readLedgers(stateDir, expected);
  const result: StaleCleanup = {
    cleaned: [],
    warnings: scan.ignored.map(({ path, reason }) => `ignored ${path}: ${reason}`),
  };
  const isStale = ({ data }: StoredLedger): boolean =>
    force || data.ownerPid === process.pid || !processAlive(data.ownerPid, processes);
  const keepGrants = grantsOf(scan.ledgers.filter((ledger) => !isStale(ledger)));
  for (const { path, data } of scan.ledgers.filter(isStale)) {
    const problems = await teardown(data, deps, { scratchBases: expected.scratchBases, keepGrants });
    result.warnings.push(...problems.map((problem) => `run ${data.runId}: ${problem}`));
    if (problems.length > 0) continue;
    await rm(path, { force: true });
    result.cleaned.push(
      `run ${data.runId}: ${data.vms.length} VM(s), ${data.taps.length} tap(s), namespace ${data.netns ?? 'none'}`,
    );
  }
  return result;
}
