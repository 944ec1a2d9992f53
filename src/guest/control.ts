// What a booted guest says on its control port, read from the raw lines of a VM process: wait
// for an event, collect the report (kernel, interface, sysctls applied, effective and skipped)
// once it is ready.
import { RunError } from '../common/errors.js';
import type { Sysctl } from '../model/plan.js';
import { parseGuestLine, type GuestEvent } from './protocol.js';

export interface GuestReport {
  kernelRelease?: string;
  iface?: string;
  netem?: string;
  /** The profile's sysctls as read back after applying them. */
  sysctls: Sysctl[];
  /** The standard TCP knobs as the guest has them, for every profile (stock included). */
  effective: Sysctl[];
  /** Names of `-` (ignore if missing) sysctls the guest kernel lacks. */
  skipped: string[];
}

/** The guest itself reported a failure. */
export class GuestError extends RunError {
  override readonly name = 'GuestError';
}

/** The raw control port of a running VM (qemu/vm.ts's VmProcess is one). */
export interface ControlPort {
  readonly startedAt: number;
  readonly lines: readonly string[];
  waitFor<T>(
    pick: (line: string) => T | undefined,
    timeoutMs: number,
    labels: { waitingFor: string; before: string },
  ): Promise<T>;
}

const LABELS = {
  waitingFor: 'guest boot (waiting for the guest to report in)',
  before: 'the guest reported in',
};

/** The report the lines so far add up to. Pure. */
export function guestReport(lines: readonly string[]): GuestReport {
  const report: GuestReport = { sysctls: [], effective: [], skipped: [] };
  for (const event of lines.map(parseGuestLine)) {
    if (event?.type === 'kernel') report.kernelRelease = event.release;
    if (event?.type === 'iface') report.iface = event.name;
    if (event?.type === 'netem') report.netem = event.qdisc;
    if (event?.type === 'sysctl') report.sysctls.push({ name: event.name, value: event.value });
    if (event?.type === 'effective') report.effective.push({ name: event.name, value: event.value });
    if (event?.type === 'skipped') report.skipped.push(event.name);
  }
  return report;
}

/** Resolves at the first event that `matches`; rejects if QEMU exits first or on timeout. */
export async function waitGuestEvent(
  port: ControlPort,
  matches: (event: GuestEvent) => boolean,
  timeoutMs: number,
): Promise<GuestEvent> {
  return await port.waitFor(
    (line) => {
      const event = parseGuestLine(line);
      return event && matches(event) ? event : undefined;
    },
    timeoutMs,
    LABELS,
  );
}

/**
 * The profile's sysctls the guest neither reported applied nor skipped: a job line that never
 * reached it. Names compare with `/` read as `.`, as sysctl(8) allows either. Pure.
 */
export function unreportedSysctls(requested: readonly Sysctl[], report: GuestReport): string[] {
  const dotted = (name: string): string => name.replace(/\//g, '.');
  const seen = new Set([...report.sysctls.map((s) => dotted(s.name)), ...report.skipped.map(dotted)]);
  return requested.map((s) => s.name).filter((name) => !seen.has(dotted(name)));
}

/** Resolves when the guest reports `ready`; rejects on its `error`, on QEMU exiting, or on timeout. */
export async function waitGuestReady(
  port: ControlPort,
  timeoutMs: number,
): Promise<GuestReport & { seconds: number }> {
  const event = await waitGuestEvent(port, (e) => e.type === 'ready' || e.type === 'error', timeoutMs);
  if (event.type === 'error') throw new GuestError(`guest reported: ${event.message}`);
  return { ...guestReport(port.lines), seconds: (Date.now() - port.startedAt) / 1000 };
}
