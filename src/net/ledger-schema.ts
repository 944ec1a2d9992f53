// What a ledger file may say. Teardown acts as root on what a ledger names, so a file is believed
// only when every name in it is exactly the one nicgate derives from its run id, it belongs to
// this user, and its VMs are recorded with the exact command line to match. Anything else is
// ignored with a warning: it is never acted on, and never a crash.
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { quote } from '../common/errors.js';
import { MAX_LINKS, resourceNames } from './addresses.js';

export const LEDGER_VERSION = 1;

/** Six lowercase hex digits: short, because tap names stop at 15 characters. */
const RUN_ID = /^[0-9a-f]{6}$/;

/** Devices a run may open up to its user with an ACL, and must close again. */
export const GRANTABLE_DEVICES = ['/dev/kvm', '/dev/net/tun'] as const;
export type GrantableDevice = (typeof GRANTABLE_DEVICES)[number];

const pid = z
  .number()
  .int()
  .positive()
  .max(2 ** 22);
const uid = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 32 - 1);

const vmSchema = z.strictObject({
  pid,
  /** The exact argv QEMU was started with: teardown kills only a process whose argv is this. */
  argv: z.array(z.string().max(4096)).min(1).max(256),
  /** The tap the VM uses; none for the accelerator probe. */
  tap: z.string().optional(),
});

const ledgerSchema = z.strictObject({
  version: z.literal(LEDGER_VERSION),
  runId: z.string().regex(RUN_ID),
  /** The nicgate process that owns the run. */
  ownerPid: pid,
  ownerUid: uid,
  netns: z.string().optional(),
  /** The run's directory of per-boot files (mkdtemp: `nicgate-<run id>-XXXXXX`). */
  scratchDir: z.string().optional(),
  taps: z.array(z.string()).max(MAX_LINKS),
  vms: z.array(vmSchema).max(MAX_LINKS),
  /** ACL entries this run added (or relies on, when another live run added them). */
  grants: z.array(z.strictObject({ device: z.enum(GRANTABLE_DEVICES), uid })).max(GRANTABLE_DEVICES.length),
});

export type LedgerData = z.infer<typeof ledgerSchema>;
export type LedgerVm = LedgerData['vms'][number];

/** What a ledger must match besides its shape. */
export interface LedgerExpectations {
  /** Our uid: a ledger of another user is not ours to act on. */
  uid: number;
  /** Directories a scratch directory may live in. */
  scratchBases: readonly string[];
}

/** Where a run may put its scratch directory: memory first, else beside its ledgers. */
export function scratchBases(stateDir: string): string[] {
  return ['/dev/shm', resolve(stateDir)];
}

/** Whether `tap` is a tap name nicgate derives from `runId` (index without leading zeros). */
function isTapOf(runId: string, tap: string): boolean {
  const index = /^ngt[0-9a-f]{6}-(0|[1-9][0-9]{0,4})$/.exec(tap)?.[1];
  return index !== undefined && Number(index) < MAX_LINKS && resourceNames(runId, Number(index)).tap === tap;
}

/** Whether `dir` is a scratch directory nicgate creates for `runId` in one of `bases`. */
export function isScratchOf(runId: string, dir: string, bases: readonly string[]): boolean {
  return (
    isAbsolute(dir) &&
    resolve(dir) === dir &&
    bases.includes(dirname(dir)) &&
    new RegExp(`^nicgate-${runId}-[A-Za-z0-9]{6}$`).test(basename(dir))
  );
}

const QEMU_PROGRAM = /^qemu-system-[a-z0-9_]+$/;

function namingProblems(data: LedgerData, expected: LedgerExpectations): string[] {
  const { runId } = data;
  const problems: string[] = [];
  if (data.ownerUid !== expected.uid) problems.push(`belongs to uid ${data.ownerUid}, not ${expected.uid}`);
  if (data.netns !== undefined && data.netns !== resourceNames(runId, 0).netns)
    problems.push(`namespace ${quote(data.netns)} is not nicgate-${runId}`);
  for (const tap of [...data.taps, ...data.vms.flatMap((vm) => (vm.tap ? [vm.tap] : []))])
    if (!isTapOf(runId, tap)) problems.push(`tap ${quote(tap)} is not one of run ${runId}'s`);
  if (data.scratchDir !== undefined && !isScratchOf(runId, data.scratchDir, expected.scratchBases))
    problems.push(`scratch directory ${quote(data.scratchDir)} is not one nicgate creates`);
  for (const vm of data.vms)
    if (!QEMU_PROGRAM.test(basename(vm.argv[0]!))) problems.push(`VM ${vm.pid} is not a QEMU command line`);
  for (const grant of data.grants)
    if (grant.uid !== data.ownerUid) problems.push(`grant on ${grant.device} is for uid ${grant.uid}`);
  return problems;
}

/** A file's words in a warning: one line, no control or direction characters, at most 300 characters. */
function printable(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?')
      .slice(0, 300)
  );
}

/** A ledger when `value` is one nicgate wrote for this user, else why not (short, one line). */
export function checkLedger(
  value: unknown,
  expected: LedgerExpectations,
): { data: LedgerData } | { problem: string } {
  const parsed = ledgerSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? first.path.join('.') : 'file';
    return { problem: printable(`not a nicgate ledger (${where}: ${first?.message ?? 'invalid'})`) };
  }
  const problems = namingProblems(parsed.data, expected);
  if (problems.length > 0) return { problem: printable(problems.slice(0, 3).join('; ')) };
  return { data: parsed.data };
}
