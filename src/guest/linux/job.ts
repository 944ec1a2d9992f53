// The job file a guest's /init reads: one instruction per line. Pure.
import { shapingCommands } from '../../net/link-shaping.js';
import type { Sysctl } from '../../model/plan.js';

export interface GuestJob {
  /** Module files under /modules, in load order. */
  modules: string[];
  sysctls: readonly Sysctl[];
  /** CIDR address of the guest, e.g. 198.18.0.2/30. */
  address: string;
  /** netem words for the guest's egress (shaped as `shapingCommands` says), or undefined for no shaping in the guest. */
  netem?: readonly string[];
  iperf3Port: number;
  /** The test NIC's MAC address: the guest picks the interface that has it (a disk guest may have others). */
  mac?: string;
  /** Sysctls to read back and report once everything is applied, whatever the profile set. */
  report?: readonly string[];
}

/** The word a `shape` line has where the guest puts its test interface's name (found by MAC). */
export const INTERFACE_WORD = 'IFACE';

/** The line that makes /init load its modules, then wait for the rest of its job on the control port. */
export const AWAIT_JOB = 'await-job';
/** The line that starts a job sent over the control port; the guest ignores what comes before it. */
export const JOB_BEGIN = 'begin';
/** The line that ends a job sent over the control port, with the number of job lines (no job line starts with this word). */
export const JOB_END = 'end';
/**
 * Newlines sent ahead of JOB_BEGIN. A restored guest loses the first bytes that reach its control
 * port after the restore (seen here: its first job line, 2 to 12 bytes, every time), so the job
 * is preceded by bytes it can lose, and the end line's count lets the guest refuse a job that
 * still arrived short.
 */
export const JOB_LEAD_IN = '\n'.repeat(32);

/** The job of a guest to be saved: its modules, then it waits. */
export function renderAwaitingJob(modules: readonly string[]): string {
  return [...modules.map((module) => `module ${check(SAFE_WORD, module, 'module')}`), AWAIT_JOB, ''].join(
    '\n',
  );
}

/** A job as sent over the control port to a waiting (restored) guest: lead-in, begin line, the job lines, the end line with their count. */
export function renderControlJob(job: Omit<GuestJob, 'modules'>): string {
  const text = renderJob({ ...job, modules: [] });
  const count = text.split('\n').length - 1;
  return `${JOB_LEAD_IN}${JOB_BEGIN}\n${text}${JOB_END} ${count}\n`;
}

const SAFE_WORD = /^[A-Za-z0-9_.:%/-]+$/;
// As Linux writes it in /sys/class/net/<interface>/address: lower-case hex.
const MAC_ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
// Words of safe characters separated by single spaces: what the guest's `read` hands back unchanged.
const SAFE_VALUE = /^[A-Za-z0-9_.:,-]+( [A-Za-z0-9_.:,-]+)*$/;

function check(pattern: RegExp, text: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`unsafe ${what} in guest job: ${JSON.stringify(text)}`);
  return text;
}

/** How a `-` line (ignore if missing) reads in the job: its own kind, so the guest can tell. */
export const OPTIONAL_SYSCTL = 'sysctl-optional';

function sysctlKind(sysctl: Sysctl): string {
  // Checked again here: anything but true or absent is not a flag the guest should act on.
  if (sysctl.ignoreMissing === true) return OPTIONAL_SYSCTL;
  if (sysctl.ignoreMissing === undefined || sysctl.ignoreMissing === false) return 'sysctl';
  throw new Error(`invalid ignoreMissing flag in guest job: ${JSON.stringify(sysctl.ignoreMissing)}`);
}

/**
 * A tuning profile as job lines: `sysctl <name> <value>`, or `sysctl-optional ...` for a line the
 * guest skips where its kernel lacks the name; each checked for the guest's shell.
 */
export function sysctlLines(sysctls: readonly Sysctl[]): string[] {
  return sysctls.map(
    (sysctl) =>
      `${sysctlKind(sysctl)} ${check(SAFE_WORD, sysctl.name, 'sysctl name')} ${check(SAFE_VALUE, sysctl.value, 'sysctl value')}`,
  );
}

/** Renders the job. Values were validated when parsed; this checks again because the guest's shell reads them. */
export function renderJob(job: GuestJob): string {
  const lines: string[] = [];
  for (const module of job.modules) lines.push(`module ${check(SAFE_WORD, module, 'module')}`);
  lines.push(...sysctlLines(job.sysctls));
  if (job.mac !== undefined) lines.push(`mac ${check(MAC_ADDRESS, job.mac, 'MAC address')}`);
  lines.push(`address ${check(SAFE_WORD, job.address, 'address')}`);
  if (!Number.isInteger(job.iperf3Port) || job.iperf3Port < 1 || job.iperf3Port > 65535) {
    throw new Error(`invalid iperf3 port in guest job: ${job.iperf3Port}`);
  }
  if (job.netem && job.netem.length > 0) {
    // One `shape` line per tc command; the guest runs each as `tc <words>` without a shell.
    for (const command of shapingCommands(INTERFACE_WORD, job.netem, job.iperf3Port, false))
      lines.push(`shape ${command.map((word) => check(SAFE_WORD, word, 'tc argument')).join(' ')}`);
  }
  for (const name of job.report ?? []) lines.push(`report ${check(SAFE_WORD, name, 'sysctl name')}`);
  lines.push(`iperf3 ${job.iperf3Port}`);
  return `${lines.join('\n')}\n`;
}
