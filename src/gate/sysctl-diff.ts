// A scenario's sysctls base → head, by name: what each side's guest applied where it was measured,
// else what its profile writes. Pure.
import { clip } from '../common/format.js';
import { MAX_INPUT_VALUE_LENGTH, type InputDifference } from '../model/input-change.js';
import type { Sysctl } from '../model/plan.js';

/** One side's sysctls: its profile's lines, and what its guest reported where it was measured. */
export interface SideSysctls {
  /** `[name, value, ignoreMissing]` in the profile's order, as fingerprinted (gate/fingerprint.ts). */
  written: readonly (readonly [string, string, boolean])[];
  /** Read back in the guest after applying the profile. */
  applied?: readonly Sysctl[];
  /** The standard TCP knobs as the guest had them, set by the profile or not. */
  effective?: readonly Sysctl[];
  /** `-` lines whose sysctl the guest kernel lacks. */
  skipped?: readonly string[];
}

// The fields of the multi-value knobs (Linux's proc(5) and ip-sysctl documentation), by last name.
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  tcp_rmem: ['min', 'default', 'max'],
  tcp_wmem: ['min', 'default', 'max'],
  tcp_mem: ['min', 'pressure', 'max'],
  udp_mem: ['min', 'pressure', 'max'],
  ip_local_port_range: ['first', 'last'],
};

/** sysctl(8) reads `net/core/rmem_max` as `net.core.rmem_max`; guests report tabs between fields. */
const dotted = (name: string): string => name.replace(/\//g, '.');
const normal = (value: string): string => clip(value.trim().replace(/\s+/g, ' '), MAX_INPUT_VALUE_LENGTH);

function lookup(sysctls: readonly Sysctl[] | undefined): Map<string, string> {
  return new Map((sysctls ?? []).map((s) => [dotted(s.name), normal(s.value)]));
}

interface Side {
  written: Map<string, { value: string; ignoreMissing: boolean }>;
  order: string[];
  applied: Map<string, string>;
  effective: Map<string, string>;
  skipped: Set<string>;
}

function sideOf(sysctls: SideSysctls): Side {
  const written = new Map(
    sysctls.written.map(([name, value, ignoreMissing]) => [
      dotted(name),
      { value: normal(value), ignoreMissing },
    ]),
  );
  return {
    written,
    order: [...written.keys()],
    applied: lookup(sysctls.applied),
    effective: lookup(sysctls.effective),
    skipped: new Set((sysctls.skipped ?? []).map(dotted)),
  };
}

/** A profile's sysctl on one side: as its guest applied it, else as written. */
function valueOf(side: Side, name: string): string {
  return side.applied.get(name) ?? side.written.get(name)!.value;
}

/**
 * `before → after` of one knob: field by field where both hold the same number of fields (`max
 * 16777216 → 65536`), else whole.
 */
function valueDifferences(
  name: string,
  before: string,
  after: string,
  extra: Pick<InputDifference, 'note'> = {},
): InputDifference[] {
  const from = before.split(' ');
  const to = after.split(' ');
  if (from.length < 2 || from.length !== to.length)
    return [{ input: name, change: 'changed', base: before, head: after, ...extra }];
  const known = FIELDS[name.slice(name.lastIndexOf('.') + 1)];
  const fieldNames = known?.length === from.length ? known : from.map((_, i) => `field ${i + 1}`);
  return from.flatMap((value, i) =>
    value === to[i]
      ? []
      : [
          {
            input: name,
            field: fieldNames[i]!,
            change: 'changed' as const,
            base: value,
            head: to[i]!,
            ...extra,
          },
        ],
  );
}

function inBoth(base: Side, head: Side, name: string): InputDifference[] {
  const before = valueOf(base, name);
  const after = valueOf(head, name);
  const written = { base: base.written.get(name)!, head: head.written.get(name)! };
  const differences =
    before !== after
      ? valueDifferences(name, before, after)
      : written.base.value !== written.head.value
        ? // The kernel made both the same (a clamp, a rounding): the lines still differ.
          valueDifferences(name, written.base.value, written.head.value, {
            note: clip(`as written; both guests applied ${before}`, 200),
          })
        : [];
  if (written.base.ignoreMissing !== written.head.ignoreMissing)
    differences.push({
      input: name,
      change: 'changed',
      note: written.head.ignoreMissing
        ? 'now written "-name": skipped where the guest kernel lacks it'
        : 'no longer written "-name": a guest kernel that lacks it fails the scenario',
    });
  return differences;
}

function skippedNote(side: Side, name: string, which: string): Pick<InputDifference, 'note'> {
  return side.skipped.has(name) ? { note: `skipped: the ${which} guest's kernel lacks it` } : {};
}

/**
 * Each sysctl that differs, in the head's order, then those the head's profile dropped, in the
 * base's: changed ones (field by field for multi-value knobs), `added` (with the value the base's
 * guest had, where it reported one) and `removed` (with the head guest's own value). A reorder of
 * the same settings is one line: the guest applies them in order.
 */
export function sysctlDifferences(baseSysctls: SideSysctls, headSysctls: SideSysctls): InputDifference[] {
  const base = sideOf(baseSysctls);
  const head = sideOf(headSysctls);
  const differences = head.order.flatMap((name): InputDifference[] => {
    if (base.written.has(name)) return inBoth(base, head, name);
    const had = base.effective.get(name);
    return [
      {
        input: name,
        change: 'added',
        ...(had === undefined ? {} : { base: had }),
        head: valueOf(head, name),
        ...skippedNote(head, name, 'head'),
      },
    ];
  });
  for (const name of base.order.filter((n) => !head.written.has(n))) {
    const has = head.effective.get(name);
    differences.push({
      input: name,
      change: 'removed',
      base: valueOf(base, name),
      ...(has === undefined ? {} : { head: has }),
      ...skippedNote(base, name, 'base'),
    });
  }
  const common = (side: Side, other: Side) => side.order.filter((name) => other.written.has(name));
  if (common(base, head).join('\n') !== common(head, base).join('\n'))
    differences.push({
      input: 'sysctl order',
      change: 'changed',
      note: 'the same sysctls in another order (the guest applies them in order)',
    });
  return differences;
}
