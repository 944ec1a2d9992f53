// How one guest OS drives the NIC models of models.ts: the table an OS folder under guest/
// declares, and what the plan, the engine and the guests read from it. Pure.
import { NIC_MODELS, nicModel } from './models.js';

/** Extra `-device` properties a model needs on one OS, with the reason (shown in `nicgate plan`). */
export interface NicQuirk {
  props: Readonly<Record<string, string>>;
  why: string;
}

export interface NicDriverTable {
  /**
   * `modules`: drivers loaded per boot (Linux: module names as in modules.dep, `-` written as `_`;
   * the guest resolves their dependencies itself); a model not listed loads every listed driver
   * and the guest takes the interface with the test MAC. `built-in`: drivers built into the kernel
   * (a BSD: the driver, an interface name prefix, of its GENERIC kernel, from the drivers' manual
   * pages); a model not listed is refused before anything boots, since nicgate cannot say the
   * guest will see it.
   */
  loading: 'modules' | 'built-in';
  /** NIC model (a key of NIC_MODELS) -> the driver(s) this OS uses for it. */
  drivers: Readonly<Record<string, readonly string[]>>;
  /** Models that need extra `-device` properties on this OS. */
  quirks?: Readonly<Record<string, NicQuirk>>;
}

function listed(table: NicDriverTable, model: string): readonly string[] | undefined {
  return Object.hasOwn(table.drivers, model) ? table.drivers[model] : undefined;
}

/** The models the table lists: those of NIC_MODELS in its order, then any others. */
function listedModels(table: NicDriverTable): string[] {
  const known = Object.keys(NIC_MODELS);
  return [
    ...known.filter((model) => listed(table, model)),
    ...Object.keys(table.drivers).filter((model) => !known.includes(model)),
  ];
}

/** Every driver the listed models need, each once, in NIC_MODELS order. */
export function allNicDrivers(table: NicDriverTable): string[] {
  return [...new Set(listedModels(table).flatMap((model) => listed(table, model) ?? []))];
}

/** The drivers a guest uses for this NIC: where drivers are modules, all of them for a model not listed. */
export function nicDrivers(table: NicDriverTable, model: string): string[] {
  const known = listed(table, model);
  if (known) return [...known];
  return table.loading === 'modules' ? allNicDrivers(table) : [];
}

/**
 * Why a guest of the OS labelled `osLabel` cannot use `model`, or undefined where it can: an OS
 * that loads driver modules takes any model (its modules cover QEMU's list); one with drivers
 * built in only a model with a driver in its table.
 */
export function nicRefusal(table: NicDriverTable, osLabel: string, model: string): string | undefined {
  if (table.loading === 'modules' || listed(table, model)) return undefined;
  return `has no ${osLabel} driver nicgate knows of (${osLabel} guests take ${listedModels(table).join(', ')})`;
}

/** The model's quirk on this OS, if it has one. */
export function nicQuirk(table: NicDriverTable, model: string): NicQuirk | undefined {
  return table.quirks && Object.hasOwn(table.quirks, model) ? table.quirks[model] : undefined;
}

/** The model's extra `-device` properties on this OS (none for most). */
export function nicDeviceProps(table: NicDriverTable, model: string): Record<string, string> {
  return { ...(nicModel(model)?.deviceProps ?? {}), ...(nicQuirk(table, model)?.props ?? {}) };
}
